package dev.plinth.schema.validate;

/**
 * One family of Prisma's validation rules. Each rule reads the context and reports what it finds;
 * rules never depend on each other's order.
 */
interface Rule {

    /**
     * Checks a schema.
     *
     * @param context the parsed schema, its names, and where to report
     */
    void check(ValidationContext context);
}
