package dev.plinth.query;

import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.IndexField;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.NativeType;
import dev.plinth.schema.model.PrimaryKey;
import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.model.Span;
import java.util.List;
import java.util.Optional;

/**
 * The resolved schema the query tests run against, built by hand; in schema language:
 *
 * <pre>
 * enum Status { lead  won  lost @map("lost_deal")  @@map("contact_status") }
 * model Contact {
 *   id         Int       @id @default(autoincrement())
 *   fullName   String    @map("full_name")
 *   email      String?   @unique
 *   status     Status    @default(lead)
 *   score      Float?
 *   amount     Decimal?
 *   views      BigInt?
 *   active     Boolean   @default(true)
 *   created_at DateTime  @default(now())
 *   page       Int?
 *   data       Json?
 *   avatar     Bytes?
 *   secret     String?   @ignore
 *   legacy     Unsupported("circle")?
 *   company_id Int?
 *   company    Company?  @relation(fields: [company_id], references: [id])
 *   user_id    String?
 *   deleted_at DateTime?
 *   tags       String[]
 *   ref        String?   @db.Uuid
 * }
 * model Company { id Int @id  name String  contacts Contact[]  @@fulltext([name]) }
 * model Tag { code String  label String  @@id([code, label]) }
 * view Summary { name String  total Int }
 * </pre>
 */
final class CrmSchema {

    static final EnumType STATUS = new EnumType("Status", "contact_status", List.of(
            new EnumType.Value("lead", "lead"), new EnumType.Value("won", "won"), new EnumType.Value("lost", "lost_deal")),
            Optional.empty(), Span.NONE);

    static final Model CONTACT = new Model("Contact", "Contact", Optional.empty(), false, false, List.of(
            scalar("id", "id", ScalarType.INT, false, true),
            scalar("fullName", "full_name", ScalarType.STRING, false, false),
            scalar("email", "email", ScalarType.STRING, true, false),
            field("status", "status", new FieldType.EnumRef("Status"), false, false, false, Optional.empty()),
            scalar("score", "score", ScalarType.FLOAT, true, false),
            scalar("amount", "amount", ScalarType.DECIMAL, true, false),
            scalar("views", "views", ScalarType.BIGINT, true, false),
            scalar("active", "active", ScalarType.BOOLEAN, false, false),
            scalar("created_at", "created_at", ScalarType.DATETIME, false, false),
            scalar("page", "page", ScalarType.INT, true, false),
            scalar("data", "data", ScalarType.JSON, true, false),
            scalar("avatar", "avatar", ScalarType.BYTES, true, false),
            field("secret", "secret", new FieldType.Scalar(ScalarType.STRING), true, false, true, Optional.empty()),
            field("legacy", "legacy", new FieldType.Unsupported("circle"), true, false, false, Optional.empty()),
            scalar("company_id", "company_id", ScalarType.INT, true, false),
            new Field("company", "company", new FieldType.ModelRef("Company"), true, false, Optional.empty(), false,
                    false, false, false, Optional.empty(), Optional.of(new RelationInfo("CompanyToContact", "Company",
                    Optional.of("contacts"), List.of("company_id"), List.of("id"), ReferentialAction.SET_NULL,
                    ReferentialAction.CASCADE, Optional.of("Contact_company_id_fkey"), RelationInfo.RelationKind.MANY_TO_ONE)),
                    Optional.empty(), Span.NONE),
            scalar("user_id", "user_id", ScalarType.STRING, true, false),
            scalar("deleted_at", "deleted_at", ScalarType.DATETIME, true, false),
            field("tags", "tags", new FieldType.Scalar(ScalarType.STRING), false, true, false, Optional.empty()),
            field("ref", "ref", new FieldType.Scalar(ScalarType.STRING), true, false, false,
                    Optional.of(new NativeType("Uuid", List.of())))),
            Optional.of(new PrimaryKey(List.of(new IndexField("id", "id", Optional.empty(), Optional.empty())),
                    Optional.empty(), "Contact_pkey", false)),
            List.of(new Index(Index.Kind.UNIQUE, List.of(new IndexField("email", "email", Optional.empty(), Optional.empty())),
                    Optional.empty(), "Contact_email_key", true, Optional.empty(), Span.NONE)),
            Optional.empty(), Span.NONE);

    static final Model COMPANY = new Model("Company", "Company", Optional.empty(), false, false, List.of(
            scalar("id", "id", ScalarType.INT, false, true),
            scalar("name", "name", ScalarType.STRING, false, false),
            new Field("contacts", "contacts", new FieldType.ModelRef("Contact"), false, true, Optional.empty(), false,
                    false, false, false, Optional.empty(), Optional.of(new RelationInfo("CompanyToContact", "Contact",
                    Optional.of("company"), List.of(), List.of(), ReferentialAction.SET_NULL, ReferentialAction.CASCADE,
                    Optional.empty(), RelationInfo.RelationKind.ONE_TO_MANY)), Optional.empty(), Span.NONE)),
            Optional.of(new PrimaryKey(List.of(new IndexField("id", "id", Optional.empty(), Optional.empty())),
                    Optional.empty(), "Company_pkey", false)),
            List.of(new Index(Index.Kind.FULLTEXT, List.of(new IndexField("name", "name", Optional.empty(), Optional.empty())),
                    Optional.empty(), "Company_name_idx", false, Optional.empty(), Span.NONE)),
            Optional.empty(), Span.NONE);

    static final Model TAG = new Model("Tag", "Tag", Optional.empty(), false, false, List.of(
            scalar("code", "code", ScalarType.STRING, false, false),
            scalar("label", "label", ScalarType.STRING, false, false)),
            Optional.of(new PrimaryKey(List.of(new IndexField("code", "code", Optional.empty(), Optional.empty()),
                    new IndexField("label", "label", Optional.empty(), Optional.empty())), Optional.empty(), "Tag_pkey", true)),
            List.of(), Optional.empty(), Span.NONE);

    static final Model SUMMARY = new Model("Summary", "Summary", Optional.empty(), true, false, List.of(
            scalar("name", "name", ScalarType.STRING, false, false),
            scalar("total", "total", ScalarType.INT, false, false)),
            Optional.empty(), List.of(), Optional.empty(), Span.NONE);

    static final Schema SCHEMA = new Schema(Optional.empty(), List.of(), List.of(CONTACT, COMPANY, TAG, SUMMARY),
            List.of(STATUS), List.of());

    private CrmSchema() {
    }

    static Field column(Model model, String column) {
        return model.fieldByColumn(column).orElseThrow();
    }

    private static Field scalar(String name, String column, ScalarType type, boolean optional, boolean id) {
        return new Field(name, column, new FieldType.Scalar(type), optional, false,
                id ? Optional.of(new DefaultValue.Autoincrement()) : Optional.empty(), id, false, false, false,
                Optional.empty(), Optional.empty(), Optional.empty(), Span.NONE);
    }

    private static Field field(String name, String column, FieldType type, boolean optional, boolean list,
            boolean ignored, Optional<NativeType> nativeType) {
        return new Field(name, column, type, optional, list, Optional.empty(), false, false, false, ignored,
                nativeType, Optional.empty(), Optional.empty(), Span.NONE);
    }
}
