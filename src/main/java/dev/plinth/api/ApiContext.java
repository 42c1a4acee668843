package dev.plinth.api;

import com.fasterxml.jackson.core.JsonFactory;
import dev.plinth.api.record.ConstraintFailure;
import dev.plinth.api.record.ConstraintTranslator;
import dev.plinth.api.record.ListService;
import dev.plinth.api.record.RecordService;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.api.store.Database;
import dev.plinth.api.store.SqlWork;

import java.sql.SQLException;

/**
 * What every handler shares: the resources, the database, the services, the body reader and the
 * authenticator. Immutable; built once by {@link ApiServer}.
 *
 * @param catalog       the served resources
 * @param database      the database
 * @param records       single-row operations
 * @param lists         lists and collection writes
 * @param translator    explains refused writes
 * @param bodies        reads request bodies
 * @param authenticator verifies tokens
 * @param json          the JSON factory
 * @param relations     embeds includes and labels into list pages
 * @param numbers       writes Decimal and BigInt values as strings when asked
 */
public record ApiContext(ResourceCatalog catalog, Database database, RecordService records, ListService lists,
                         ConstraintTranslator translator, RequestBody bodies, Authenticator authenticator,
                         JsonFactory json, dev.plinth.api.record.PageRelations relations, NumberForms numbers) {

    /**
     * A context whose answers always write numbers as numbers.
     *
     * @param catalog       the served resources
     * @param database      the database
     * @param records       single-row operations
     * @param lists         lists and collection writes
     * @param translator    explains refused writes
     * @param bodies        reads request bodies
     * @param authenticator verifies tokens
     * @param json          the JSON factory
     * @param relations     embeds includes and labels into list pages
     */
    public ApiContext(ResourceCatalog catalog, Database database, RecordService records, ListService lists,
                      ConstraintTranslator translator, RequestBody bodies, Authenticator authenticator,
                      JsonFactory json, dev.plinth.api.record.PageRelations relations) {
        this(catalog, database, records, lists, translator, bodies, authenticator, json, relations, NumberForms.NONE);
    }

    /**
     * Runs write work in one transaction, explaining a refused write as a problem.
     *
     * @param work the work
     * @param <T>  its result
     * @return the result
     * @throws SQLException when the database fails for another reason
     * @throws ProblemException for bad input (nothing was changed)
     */
    public <T> T write(SqlWork<T> work) throws SQLException {
        try {
            return database.write(work);
        } catch (ConstraintFailure failure) {
            ProblemException p = translator.translate(failure);
            throw failure.item() >= 0 ? ProblemException.atItem(p, failure.item()) : p;
        }
    }
}
