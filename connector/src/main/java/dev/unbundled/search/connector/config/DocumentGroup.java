package dev.unbundled.search.connector.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** How a record becomes a document: its id, its version, and how it is written. */
public final class DocumentGroup {

  public static final String KEY_IGNORE = "key.ignore";
  private static final String KEY_IGNORE_DOC =
      "Ignore record keys for document ids: each record becomes its own document with the id"
          + " <code>topic+partition+offset</code>, for key-less event topics. A replay writes the"
          + " same ids again, so it adds nothing.";

  public static final String DOCUMENT_ID_FIELD = "document.id.field";
  private static final String DOCUMENT_ID_FIELD_DOC =
      "Take document ids from this field of the record value (a dotted path such as"
          + " <code>customer.id</code> reaches into nested structs and maps) instead of the key."
          + " A record without the field is bad input. Cannot be combined with"
          + " <code>key.ignore=true</code>.";

  public static final String PIPELINE = "pipeline";
  private static final String PIPELINE_DOC =
      "Name of an ingest pipeline of the search engine to run on every written document. Empty for none.";

  public static final String SCHEMA_IGNORE = "schema.ignore";
  private static final String SCHEMA_IGNORE_DOC =
      "When false (default) and a new index is created without explicit mappings, its mapping is"
          + " derived from the record's Connect schema (text with a keyword sub-field for strings,"
          + " keyword for enums, exact numeric types, dates for temporal types, objects for"
          + " structs), so dynamic mapping does not guess wrong. When the records' schema later"
          + " gains fields, they are added to the mapping with their derived types before the first"
          + " such record is written; fields already mapped keep their type, and a record whose"
          + " value that type cannot hold fails on its own. When true, or for schemaless records,"
          + " the search engine's dynamic mapping (or your index templates) decide.";

  private DocumentGroup() {}

  static void define(ConfigDef def) {
    new ConfigGroup(def, "Documents")
        .defineBoolean(
            KEY_IGNORE, false, Importance.MEDIUM, KEY_IGNORE_DOC, Width.SHORT, "Ignore keys")
        .define(
            DOCUMENT_ID_FIELD,
            Type.STRING,
            null,
            Importance.MEDIUM,
            DOCUMENT_ID_FIELD_DOC,
            Width.MEDIUM,
            "Document id field")
        .define(
            DocumentVersion.KEY,
            Type.STRING,
            DocumentVersion.AUTO.toString(),
            DocumentVersion.VALIDATOR,
            DocumentVersion.RECOMMENDER,
            Importance.MEDIUM,
            DocumentVersion.DOC,
            Width.MEDIUM,
            "Document version")
        .define(
            RoutingField.KEY,
            Type.STRING,
            "",
            RoutingField.VALIDATOR,
            Importance.LOW,
            RoutingField.DOC,
            Width.MEDIUM,
            "Routing field")
        .define(WriteMethod.SETTING, Importance.MEDIUM, Width.SHORT, "Write method")
        .define(
            NullValueBehavior.SETTING, Importance.MEDIUM, Width.SHORT, "Behavior on null values")
        .define(
            PIPELINE,
            Type.STRING,
            null,
            Importance.LOW,
            PIPELINE_DOC,
            Width.MEDIUM,
            "Ingest pipeline")
        .defineBoolean(
            SCHEMA_IGNORE, false, Importance.LOW, SCHEMA_IGNORE_DOC, Width.SHORT, "Ignore schemas");
  }
}
