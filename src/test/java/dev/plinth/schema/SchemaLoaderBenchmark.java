package dev.plinth.schema;

import dev.plinth.schema.syntax.Lexer;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Benchmark (not a test): parses, validates and resolves a generated schema of 1,000 models with 20
 * fields each (scalars of every kind, defaults, a unique, an index, and a relation to the previous
 * model with its back-relation), and prints the median time against a fixed reference measured in
 * the same run: tokenizing the same text.
 *
 * <p>Run: {@code mvn -q -DskipTests package && mvn -q test-compile &&
 * java -cp target/plinth.jar:target/test-classes dev.plinth.schema.SchemaLoaderBenchmark}
 */
public final class SchemaLoaderBenchmark {

    private SchemaLoaderBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optionally the number of models (default 1000)
     */
    public static void main(String[] args) {
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String text = generate(models);
        SchemaResult check = SchemaLoader.parse("bench.prisma", text);
        if (check.hasErrors()) {
            throw new IllegalStateException(DiagnosticRenderer.render(check));
        }
        System.out.printf("schema: %d models x 20 fields, %d lines, %.1f MB%n", models, text.lines().count(),
                text.length() / 1_048_576.0);
        for (int i = 0; i < 5; i++) {
            SchemaLoader.parse("bench.prisma", text);
            Lexer.tokenize("bench.prisma", text, new ArrayList<>());
        }
        int runs = 15;
        long[] full = new long[runs];
        long[] lex = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            SchemaLoader.parse("bench.prisma", text);
            full[i] = System.nanoTime() - start;
            start = System.nanoTime();
            Lexer.tokenize("bench.prisma", text, new ArrayList<>());
            lex[i] = System.nanoTime() - start;
        }
        double fullMs = median(full) / 1e6;
        double lexMs = median(lex) / 1e6;
        System.out.printf("parse+validate+resolve: median %.1f ms (min %.1f ms) over %d runs%n", fullMs,
                Arrays.stream(full).min().orElseThrow() / 1e6, runs);
        System.out.printf("reference, tokenizing only: median %.1f ms; ratio %.1fx%n", lexMs, fullMs / lexMs);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Generates a valid schema.
     *
     * @param models how many models
     * @return the schema text
     */
    static String generate(int models) {
        StringBuilder out = new StringBuilder("datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n\n");
        out.append("enum Status {\n  ACTIVE\n  ARCHIVED @map(\"archived\")\n}\n\n");
        for (int m = 0; m < models; m++) {
            out.append("/// Model number ").append(m).append('\n');
            out.append("model M").append(m).append(" {\n");
            out.append("  id        Int      @id @default(autoincrement())\n");
            out.append("  code      String   @unique @db.VarChar(64)\n");
            out.append("  title     String   @default(\"untitled\")\n");
            out.append("  body      String?\n");
            out.append("  status    Status   @default(ACTIVE)\n");
            out.append("  count     Int      @default(0)\n");
            out.append("  big       BigInt?\n");
            out.append("  ratio     Float    @default(1.5)\n");
            out.append("  price     Decimal? @db.Decimal(10, 2)\n");
            out.append("  active    Boolean  @default(true)\n");
            out.append("  data      Json?\n");
            out.append("  blob      Bytes?\n");
            out.append("  token     String   @default(uuid())\n");
            out.append("  slug      String   @map(\"slug_text\")\n");
            out.append("  createdAt DateTime @default(now()) @map(\"created_at\")\n");
            out.append("  updatedAt DateTime @updatedAt @map(\"updated_at\")\n");
            out.append("  parentId  Int?\n");
            if (m > 0) {
                out.append("  parent    M").append(m - 1).append("?      @relation(fields: [parentId], references: [id], onDelete: Cascade)\n");
            } else {
                out.append("  note      String?\n");
            }
            if (m + 1 < models) {
                out.append("  children  M").append(m + 1).append("[]\n");
            } else {
                out.append("  extra     String?\n");
            }
            out.append("  rank      Int?\n");
            out.append("\n  @@index([title, createdAt])\n  @@map(\"table_").append(m).append("\")\n}\n\n");
        }
        return out.toString();
    }
}
