package dev.plinth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.query.DateTimeStorage;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.sql.DatabaseKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lines {@code plinth serve} prints about each model's conventions: which applied, from which field, and why. */
class ConventionReportTest {

    private static List<String> lines(String schema) {
        return ConventionReport.lines(ResourceCatalog.of(SchemaLoader.parse("schema.prisma", schema).schema().orElseThrow(),
                DatabaseKind.SQLITE, new ObjectMapper(), DateTimeStorage.ISO_TEXT).resources());
    }

    @Test
    void eachModelSaysWhichConventionsApplyAndFromWhichField() {
        assertThat(lines("""
                generator plinth {
                  provider    = "plinth"
                  conventions = "any_spelling"
                }
                model Task {
                  id        Int       @id
                  userId    String
                  stamp     DateTime  @updatedAt
                  createdAt DateTime  @default(now())
                  removedAt DateTime?
                  createdBy String?
                  @@softDelete(removedAt)
                  @@openRead
                }
                model Project {
                  id    Int    @id
                  orgId Int
                  @@tenant(orgId, claim: "tenant")
                }
                model Tag {
                  id Int @id
                }
                """)).containsExactly(
                "tasks: owner userId (name), updated at stamp (@updatedAt), created at createdAt (name),"
                        + " soft delete removedAt (@@softDelete), created by createdBy (name), open reading (@@openRead)",
                "projects: organization orgId (@@tenant, claim tenant)");
    }

    @Test
    void withoutTheSettingCamelCaseFieldsApplyNothingButPrismasAttributes() {
        assertThat(lines("""
                model Task {
                  id        Int      @id
                  userId    String
                  createdBy String?
                  updatedAt DateTime @updatedAt
                }
                """)).containsExactly("tasks: updated at updatedAt (@updatedAt)");
    }
}
