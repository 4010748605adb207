package dev.lakehouse.transactionlog.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A named field of a struct (or a top-level column) with its field metadata (comments, column mapping ids...).
 */
public record StructField(String name, DeltaType type, boolean nullable, ObjectNode metadata)
{
    public static final String COMMENT = "comment";
    public static final String COLUMN_MAPPING_ID = "delta.columnMapping.id";
    public static final String COLUMN_MAPPING_PHYSICAL_NAME = "delta.columnMapping.physicalName";

    public StructField
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        metadata = requireNonNull(metadata, "metadata is null").deepCopy();
    }

    public static StructField of(String name, DeltaType type)
    {
        return new StructField(name, type, true, JsonNodeFactory.instance.objectNode());
    }

    public Optional<String> comment()
    {
        return metadataText(COMMENT);
    }

    /**
     * The name of the field in the Parquet files: the logical name unless column mapping gives a physical one.
     */
    public String physicalName()
    {
        return metadataText(COLUMN_MAPPING_PHYSICAL_NAME).orElse(name);
    }

    public Optional<String> metadataText(String key)
    {
        JsonNode value = metadata.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    public StructField withName(String newName)
    {
        return new StructField(newName, type, nullable, metadata);
    }

    public StructField withNullable(boolean newNullable)
    {
        return new StructField(name, type, newNullable, metadata);
    }

    public StructField withComment(Optional<String> comment)
    {
        ObjectNode newMetadata = metadata.deepCopy();
        comment.ifPresentOrElse(text -> newMetadata.put(COMMENT, text), () -> newMetadata.remove(COMMENT));
        return new StructField(name, type, nullable, newMetadata);
    }
}
