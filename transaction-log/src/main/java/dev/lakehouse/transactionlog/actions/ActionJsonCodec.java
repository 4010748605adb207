package dev.lakehouse.transactionlog.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.TrinoException;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_CORRUPT_LOG;
import static java.lang.String.format;

/**
 * Reads and writes actions as the newline-delimited JSON of Delta commit files.
 * Unknown actions and unknown fields are ignored, as the protocol requires of readers.
 */
public final class ActionJsonCodec
{
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private ActionJsonCodec() {}

    /**
     * Parses one line of a commit file; returns empty for actions this reader does not know.
     */
    public static Optional<DeltaAction> parse(String line, String source)
    {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        }
        catch (JsonProcessingException e) {
            throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, format("Transaction log file %s contains a line that is not valid JSON: %s. Restore the file from a backup or remove the corrupt commit", source, e.getOriginalMessage()), e);
        }
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, format("Transaction log file %s contains a line that is not a single action object: %s", source, abbreviate(line)));
        }
        Map.Entry<String, JsonNode> action = node.fields().next();
        JsonNode value = action.getValue();
        try {
            return switch (action.getKey()) {
                case "protocol" -> Optional.of(parseProtocol(value));
                case "metaData" -> Optional.of(parseMetadata(value));
                case "add" -> Optional.of(parseAdd(value));
                case "remove" -> Optional.of(parseRemove(value));
                case "cdc" -> Optional.of(new CdcFileEntry(requiredText(value, "path"), stringMap(value.path("partitionValues")), optionalLong(value, "size").orElse(0L)));
                case "commitInfo" -> Optional.of(parseCommitInfo(value));
                case "txn" -> Optional.of(new TransactionEntry(requiredText(value, "appId"), requiredLong(value, "version"), optionalLong(value, "lastUpdated")));
                case "domainMetadata" -> Optional.of(new DomainMetadataEntry(requiredText(value, "domain"), requiredText(value, "configuration"), value.path("removed").asBoolean(false)));
                default -> Optional.empty();
            };
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LAKEHOUSE_CORRUPT_LOG, format("Transaction log file %s has an invalid '%s' action: %s", source, action.getKey(), e.getMessage()), e);
        }
    }

    public static String serialize(DeltaAction action)
    {
        ObjectNode root = MAPPER.createObjectNode();
        switch (action) {
            case ProtocolEntry protocol -> {
                ObjectNode node = root.putObject("protocol");
                node.put("minReaderVersion", protocol.minReaderVersion());
                node.put("minWriterVersion", protocol.minWriterVersion());
                protocol.readerFeatures().ifPresent(features -> putStrings(node.putArray("readerFeatures"), features));
                protocol.writerFeatures().ifPresent(features -> putStrings(node.putArray("writerFeatures"), features));
            }
            case MetadataEntry metadata -> {
                ObjectNode node = root.putObject("metaData");
                node.put("id", metadata.id());
                metadata.name().ifPresent(name -> node.put("name", name));
                metadata.description().ifPresent(description -> node.put("description", description));
                ObjectNode format = node.putObject("format");
                format.put("provider", metadata.formatProvider());
                format.putObject("options");
                node.put("schemaString", metadata.schemaString());
                putStrings(node.putArray("partitionColumns"), metadata.partitionColumns());
                putStringMap(node.putObject("configuration"), metadata.configuration());
                metadata.createdTime().ifPresent(time -> node.put("createdTime", time));
            }
            case AddFileEntry add -> {
                ObjectNode node = root.putObject("add");
                node.put("path", add.path());
                putStringMap(node.putObject("partitionValues"), add.partitionValues());
                node.put("size", add.size());
                node.put("modificationTime", add.modificationTime());
                node.put("dataChange", add.dataChange());
                add.stats().ifPresent(stats -> node.put("stats", stats));
                if (!add.tags().isEmpty()) {
                    putStringMap(node.putObject("tags"), add.tags());
                }
                add.deletionVector().ifPresent(vector -> putDeletionVector(node.putObject("deletionVector"), vector));
                add.clusteringProvider().ifPresent(provider -> node.put("clusteringProvider", provider));
            }
            case RemoveFileEntry remove -> {
                ObjectNode node = root.putObject("remove");
                node.put("path", remove.path());
                node.put("deletionTimestamp", remove.deletionTimestamp());
                node.put("dataChange", remove.dataChange());
                remove.partitionValues().ifPresent(values -> {
                    node.put("extendedFileMetadata", true);
                    putStringMap(node.putObject("partitionValues"), values);
                });
                remove.size().ifPresent(size -> node.put("size", size));
                remove.deletionVector().ifPresent(vector -> putDeletionVector(node.putObject("deletionVector"), vector));
            }
            case CdcFileEntry cdc -> {
                ObjectNode node = root.putObject("cdc");
                node.put("path", cdc.path());
                putStringMap(node.putObject("partitionValues"), cdc.partitionValues());
                node.put("size", cdc.size());
                node.put("dataChange", false);
            }
            case CommitInfoEntry commitInfo -> {
                ObjectNode node = root.putObject("commitInfo");
                node.put("timestamp", commitInfo.timestamp());
                commitInfo.userName().ifPresent(user -> node.put("userName", user));
                node.put("operation", commitInfo.operation());
                putStringMap(node.putObject("operationParameters"), commitInfo.operationParameters());
                if (!commitInfo.operationMetrics().isEmpty()) {
                    putStringMap(node.putObject("operationMetrics"), commitInfo.operationMetrics());
                }
                commitInfo.queryId().ifPresent(queryId -> node.put("queryId", queryId));
                commitInfo.readVersion().ifPresent(version -> node.put("readVersion", version));
                commitInfo.isolationLevel().ifPresent(level -> node.put("isolationLevel", level));
                commitInfo.isBlindAppend().ifPresent(blindAppend -> node.put("isBlindAppend", blindAppend));
                commitInfo.engineInfo().ifPresent(engine -> node.put("engineInfo", engine));
            }
            case DomainMetadataEntry domain -> {
                ObjectNode node = root.putObject("domainMetadata");
                node.put("domain", domain.domain());
                node.put("configuration", domain.configuration());
                node.put("removed", domain.removed());
            }
            case TransactionEntry transaction -> {
                ObjectNode node = root.putObject("txn");
                node.put("appId", transaction.appId());
                node.put("version", transaction.version());
                transaction.lastUpdated().ifPresent(time -> node.put("lastUpdated", time));
            }
        }
        return root.toString();
    }

    private static ProtocolEntry parseProtocol(JsonNode node)
    {
        return new ProtocolEntry(
                requiredInt(node, "minReaderVersion"),
                requiredInt(node, "minWriterVersion"),
                optionalStringSet(node, "readerFeatures"),
                optionalStringSet(node, "writerFeatures"));
    }

    private static MetadataEntry parseMetadata(JsonNode node)
    {
        JsonNode format = node.path("format");
        return new MetadataEntry(
                requiredText(node, "id"),
                optionalText(node, "name"),
                optionalText(node, "description"),
                format.path("provider").asText("parquet"),
                requiredText(node, "schemaString"),
                stringList(node.path("partitionColumns")),
                stringMap(node.path("configuration")),
                optionalLong(node, "createdTime"));
    }

    private static AddFileEntry parseAdd(JsonNode node)
    {
        return new AddFileEntry(
                requiredText(node, "path"),
                stringMap(node.path("partitionValues")),
                requiredLong(node, "size"),
                optionalLong(node, "modificationTime").orElse(0L),
                node.path("dataChange").asBoolean(true),
                optionalText(node, "stats"),
                stringMap(node.path("tags")),
                parseDeletionVector(node.path("deletionVector")),
                optionalText(node, "clusteringProvider"));
    }

    private static RemoveFileEntry parseRemove(JsonNode node)
    {
        JsonNode partitionValues = node.path("partitionValues");
        return new RemoveFileEntry(
                requiredText(node, "path"),
                partitionValues.isObject() ? Optional.of(stringMap(partitionValues)) : Optional.empty(),
                optionalLong(node, "deletionTimestamp").orElse(0L),
                node.path("dataChange").asBoolean(true),
                optionalLong(node, "size"),
                parseDeletionVector(node.path("deletionVector")));
    }

    private static Map<String, String> textValues(JsonNode object)
    {
        Map<String, String> values = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            // other engines write non-string values here
            values.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
        }
        return values;
    }

    private static CommitInfoEntry parseCommitInfo(JsonNode node)
    {
        return new CommitInfoEntry(
                optionalLong(node, "timestamp").orElse(0L),
                optionalText(node, "operation").orElse("UNKNOWN"),
                textValues(node.path("operationParameters")),
                textValues(node.path("operationMetrics")),
                optionalText(node, "userName"),
                optionalText(node, "queryId"),
                optionalText(node, "engineInfo"),
                optionalLong(node, "readVersion"),
                optionalText(node, "isolationLevel"),
                node.hasNonNull("isBlindAppend") ? Optional.of(node.get("isBlindAppend").asBoolean()) : Optional.empty());
    }

    private static Optional<DeletionVectorDescriptor> parseDeletionVector(JsonNode node)
    {
        if (!node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new DeletionVectorDescriptor(
                requiredText(node, "storageType"),
                requiredText(node, "pathOrInlineDv"),
                node.hasNonNull("offset") ? OptionalInt.of(node.get("offset").asInt()) : OptionalInt.empty(),
                requiredInt(node, "sizeInBytes"),
                requiredLong(node, "cardinality")));
    }

    private static void putDeletionVector(ObjectNode node, DeletionVectorDescriptor vector)
    {
        node.put("storageType", vector.storageType());
        node.put("pathOrInlineDv", vector.pathOrInlineDv());
        vector.offset().ifPresent(offset -> node.put("offset", offset));
        node.put("sizeInBytes", vector.sizeInBytes());
        node.put("cardinality", vector.cardinality());
    }

    private static String requiredText(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value.asText();
    }

    private static int requiredInt(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("missing or non-integer field '" + field + "'");
        }
        return value.asInt();
    }

    private static long requiredLong(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException("missing or non-integer field '" + field + "'");
        }
        return value.asLong();
    }

    private static Optional<String> optionalText(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Optional<Long> optionalLong(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asLong());
    }

    private static Optional<Set<String>> optionalStringSet(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(ImmutableSet.copyOf(stringList(value)));
    }

    private static List<String> stringList(JsonNode node)
    {
        ImmutableList.Builder<String> values = ImmutableList.builder();
        node.forEach(element -> values.add(element.asText()));
        return values.build();
    }

    private static Map<String, String> stringMap(JsonNode node)
    {
        Map<String, String> values = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
        }
        return values;
    }

    private static void putStrings(ArrayNode array, Iterable<String> values)
    {
        values.forEach(array::add);
    }

    private static void putStringMap(ObjectNode node, Map<String, String> values)
    {
        // sorted keys keep the log stable and easy to diff
        new TreeMap<>(values).forEach((key, value) -> {
            if (value == null) {
                node.putNull(key);
            }
            else {
                node.put(key, value);
            }
        });
    }

    private static String abbreviate(String line)
    {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
