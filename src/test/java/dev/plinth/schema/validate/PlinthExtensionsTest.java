package dev.plinth.schema.validate;

import dev.plinth.schema.policy.PolicyCompiler;
import dev.plinth.schema.syntax.PlinthExtensions;
import dev.plinth.schema.syntax.PlinthExtensions.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PlinthExtensions} agrees with the validator: every attribute the validator accepts is Prisma's or a row
 * of the table, so {@code plinth prisma-schema} knows what to leave out; and the table's rows are not Prisma's.
 */
class PlinthExtensionsTest {

    @Test
    void everyAttributeTheValidatorAcceptsIsPrismasOrInTheTable() {
        for (String name : AttributeSpec.fieldNames()) {
            assertThat(PlinthExtensions.PRISMA_FIELD_ATTRIBUTES.contains(name)
                    || PlinthExtensions.find(Kind.FIELD_ATTRIBUTE, name).isPresent())
                    .as("@" + name + ": Prisma's or a row of PlinthExtensions").isTrue();
        }
        for (String name : AttributeSpec.blockNames()) {
            assertThat(PlinthExtensions.PRISMA_BLOCK_ATTRIBUTES.contains(name)
                    || PlinthExtensions.find(Kind.BLOCK_ATTRIBUTE, name).isPresent())
                    .as("@@" + name + ": Prisma's or a row of PlinthExtensions").isTrue();
        }
        for (String name : PolicyCompiler.ATTRIBUTES) {
            assertThat(PlinthExtensions.find(Kind.FIELD_ATTRIBUTE, name).isPresent()
                    || PlinthExtensions.find(Kind.BLOCK_ATTRIBUTE, name).isPresent())
                    .as("access-rule attribute " + name + " in PlinthExtensions").isTrue();
        }
    }

    @Test
    void theTablesRowsAreNotPrismasExceptWherePrismaLimitsAnAttributeToSomeProviders() {
        for (PlinthExtensions.Extension extension : PlinthExtensions.ALL) {
            boolean prismas = switch (extension.kind()) {
                case FIELD_ATTRIBUTE -> PlinthExtensions.PRISMA_FIELD_ATTRIBUTES.contains(extension.name());
                case BLOCK_ATTRIBUTE -> PlinthExtensions.PRISMA_BLOCK_ATTRIBUTES.contains(extension.name());
                case DEFAULT_FUNCTION -> PlinthExtensions.PRISMA_DEFAULT_FUNCTIONS.contains(extension.name());
            };
            assertThat(prismas).as(extension.display()).isEqualTo(!extension.prismaProviders().isEmpty());
        }
        assertThat(PlinthExtensions.ALL).extracting(PlinthExtensions.Extension::display)
                .doesNotHaveDuplicates().contains("@@allow", "@omit", "@mask", "@@display", "@@fulltext", "auth()", "prefixed()");
    }
}
