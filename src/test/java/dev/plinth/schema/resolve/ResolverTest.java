package dev.plinth.schema.resolve;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.JoinTable;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.RelationInfo.RelationKind;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.model.SortOrder;
import dev.plinth.schema.syntax.Parser;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The resolver alone: a parsed tree in, the Schema model out, with Prisma's names and defaults. */
class ResolverTest {

    private static Schema resolve(String text) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Schema schema = Resolver.resolve(Parser.parse("schema.prisma", text, diagnostics));
        assertThat(diagnostics).isEmpty();
        return schema;
    }

    private static final String BLOG = """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }
            enum Role {
              USER
              ADMIN @map("admin")
              @@map("roles")
            }
            model User {
              id        Int      @id @default(autoincrement())
              email     String   @unique @map("email_address")
              role      Role     @default(USER)
              score     Decimal  @default(1.5) @db.Decimal(10, 2)
              active    Boolean  @default(true)
              createdAt DateTime @default(now()) @map("created_at")
              updatedAt DateTime @updatedAt
              token     String   @default(uuid(7))
              posts     Post[]
              profile   Profile?
              @@map("users")
            }
            model Profile {
              userId Int  @id
              user   User @relation(fields: [userId], references: [id], onDelete: Cascade)
            }
            model Post {
              id         Int        @id
              authorId   Int?
              author     User?      @relation(fields: [authorId], references: [id])
              title      String
              categories Category[]
              @@unique([authorId, title])
              @@index([title(sort: Desc)])
            }
            model Category {
              name  String @id
              posts Post[]
            }
            model Tag {
              a Int
              b Int
              @@id([a, b], name: "pair")
            }
            """;

    @Test
    void mapsTablesColumnsAndEnums() {
        Schema schema = resolve(BLOG);
        Model user = schema.model("User").orElseThrow();
        assertThat(user.tableName()).isEqualTo("users");
        assertThat(user.field("email").orElseThrow().columnName()).isEqualTo("email_address");
        assertThat(user.field("createdAt").orElseThrow().columnName()).isEqualTo("created_at");
        assertThat(schema.enumType("Role").orElseThrow().databaseName()).isEqualTo("roles");
        assertThat(schema.enumType("Role").orElseThrow().value("ADMIN").orElseThrow().databaseName()).isEqualTo("admin");
        assertThat(schema.provider()).contains("postgresql");
    }

    @Test
    void typesFieldsAndTheirDefaults() {
        Model user = resolve(BLOG).model("User").orElseThrow();
        assertThat(user.field("id").orElseThrow().defaultValue()).contains(new DefaultValue.Autoincrement());
        assertThat(user.field("role").orElseThrow().type()).isEqualTo(new FieldType.EnumRef("Role"));
        assertThat(user.field("role").orElseThrow().defaultValue()).contains(new DefaultValue.EnumLiteral("USER"));
        Field score = user.field("score").orElseThrow();
        assertThat(score.scalarType()).contains(ScalarType.DECIMAL);
        assertThat(score.defaultValue()).contains(new DefaultValue.NumberLiteral(new BigDecimal("1.5")));
        assertThat(score.nativeType().orElseThrow().arguments()).containsExactly("10", "2");
        assertThat(user.field("active").orElseThrow().defaultValue()).contains(new DefaultValue.BooleanLiteral(true));
        assertThat(user.field("createdAt").orElseThrow().defaultValue()).contains(new DefaultValue.Now());
        assertThat(user.field("updatedAt").orElseThrow().updatedAt()).isTrue();
        assertThat(user.field("token").orElseThrow().defaultValue()).contains(new DefaultValue.Uuid(7));
    }

    @Test
    void namesKeysAndIndexesAsPrismaDoes() {
        Schema schema = resolve(BLOG);
        Model user = schema.model("User").orElseThrow();
        assertThat(user.primaryKey().orElseThrow().constraintName()).isEqualTo("users_pkey");
        assertThat(user.uniques()).singleElement().extracting(Index::constraintName).isEqualTo("users_email_address_key");
        assertThat(user.field("email").orElseThrow().unique()).isTrue();
        assertThat(user.field("id").orElseThrow().unique()).isFalse();
        Model post = schema.model("Post").orElseThrow();
        assertThat(post.indexes()).extracting(Index::constraintName)
                .containsExactly("Post_authorId_title_key", "Post_title_idx");
        assertThat(post.indexes().get(1).fields().get(0).sort()).contains(SortOrder.DESC);
        Model tag = schema.model("Tag").orElseThrow();
        assertThat(tag.primaryKey().orElseThrow().compound()).isTrue();
        assertThat(tag.primaryKey().orElseThrow().fieldNames()).containsExactly("a", "b");
        assertThat(tag.primaryKey().orElseThrow().clientName()).contains("pair");
    }

    @Test
    void resolvesBothSidesOfRelationsWithPrismasDefaults() {
        Schema schema = resolve(BLOG);
        RelationInfo author = schema.model("Post").orElseThrow().field("author").orElseThrow().relation().orElseThrow();
        assertThat(author.name()).isEqualTo("PostToUser");
        assertThat(author.kind()).isEqualTo(RelationKind.MANY_TO_ONE);
        assertThat(author.fields()).containsExactly("authorId");
        assertThat(author.references()).containsExactly("id");
        assertThat(author.onDelete()).isEqualTo(ReferentialAction.SET_NULL);
        assertThat(author.onUpdate()).isEqualTo(ReferentialAction.CASCADE);
        assertThat(author.foreignKeyName()).contains("Post_authorId_fkey");
        assertThat(author.backField()).contains("posts");

        RelationInfo posts = schema.model("User").orElseThrow().field("posts").orElseThrow().relation().orElseThrow();
        assertThat(posts.kind()).isEqualTo(RelationKind.ONE_TO_MANY);
        assertThat(posts.holdsForeignKey()).isFalse();

        RelationInfo profileUser = schema.model("Profile").orElseThrow().field("user").orElseThrow().relation().orElseThrow();
        assertThat(profileUser.kind()).isEqualTo(RelationKind.ONE_TO_ONE);
        assertThat(profileUser.onDelete()).isEqualTo(ReferentialAction.CASCADE);
        assertThat(profileUser.onDeleteDeclared()).isTrue();
        assertThat(schema.model("User").orElseThrow().field("profile").orElseThrow().relation().orElseThrow().kind())
                .isEqualTo(RelationKind.ONE_TO_ONE);
    }

    @Test
    void aOneFieldCompoundUniqueMakesTheFieldUnique() {
        Model a = resolve("model A {\n  id Int @id @unique\n  code String\n  @@unique([code])\n}").model("A").orElseThrow();
        assertThat(a.field("code").orElseThrow().unique()).isTrue();
        assertThat(a.field("id").orElseThrow().unique()).isTrue();
    }

    @Test
    void requiredForeignKeysRestrictOnDelete() {
        Schema schema = resolve("""
                model A { id Int @id
                  bs B[] }
                model B { id Int @id
                  aId Int
                  a A @relation(fields: [aId], references: [id]) }
                """);
        RelationInfo a = schema.model("B").orElseThrow().field("a").orElseThrow().relation().orElseThrow();
        assertThat(a.onDelete()).isEqualTo(ReferentialAction.RESTRICT);
        assertThat(a.onDeleteDeclared()).isFalse();
    }

    @Test
    void createsJoinTablesForImplicitManyToMany() {
        Schema schema = resolve(BLOG);
        assertThat(schema.joinTables()).containsExactly(
                new JoinTable("CategoryToPost", "_CategoryToPost", "Category", "posts", "Post", "categories"));
        RelationInfo categories = schema.model("Post").orElseThrow().field("categories").orElseThrow().relation().orElseThrow();
        assertThat(categories.kind()).isEqualTo(RelationKind.MANY_TO_MANY);
        assertThat(categories.onDelete()).isEqualTo(ReferentialAction.CASCADE);
    }

    @Test
    void keepsDatasourceUrlsAndGeneratorPreviewFeatures() {
        Schema schema = resolve("""
                datasource db {
                  provider = "sqlite"
                  url      = "file:./dev.db"
                  relationMode = "prisma"
                }
                generator client {
                  provider = "prisma-client-js"
                  previewFeatures = ["views", "relationJoins"]
                }
                """);
        assertThat(schema.datasource().orElseThrow().url().flatMap(u -> u.resolve(java.util.Map.of()))).contains("file:./dev.db");
        assertThat(schema.datasource().orElseThrow().properties()).containsKey("relationMode");
        assertThat(schema.generators().get(0).previewFeatures()).containsExactly("views", "relationJoins");
        assertThat(schema.models()).isEmpty();
        assertThat(Optional.of(schema.enums())).get().asList().isEmpty();
    }
}
