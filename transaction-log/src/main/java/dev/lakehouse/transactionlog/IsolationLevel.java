package dev.lakehouse.transactionlog;

import dev.lakehouse.transactionlog.actions.MetadataEntry;
import io.trino.spi.TrinoException;

import java.util.Arrays;
import java.util.Optional;

import static dev.lakehouse.transactionlog.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;

/**
 * How a transaction that read the table (DELETE, UPDATE, MERGE) is checked against the commits that won the race
 * since its read version, as Delta defines the levels in the table property {@code delta.isolationLevel}.
 */
public enum IsolationLevel
{
    /**
     * Any commit that added or removed data since the read conflicts: the result is as if the transactions ran one
     * after the other in commit order.
     */
    SERIALIZABLE("Serializable"),
    /**
     * Delta's default: a commit that removed data since the read conflicts, a blind append does not (it is as if
     * the append ran after this transaction, though it committed first).
     */
    WRITE_SERIALIZABLE("WriteSerializable");

    public static final String TABLE_PROPERTY = "delta.isolationLevel";

    private final String deltaName;

    IsolationLevel(String deltaName)
    {
        this.deltaName = deltaName;
    }

    public String deltaName()
    {
        return deltaName;
    }

    /**
     * The table's level, {@link #WRITE_SERIALIZABLE} when it sets none.
     */
    public static IsolationLevel of(MetadataEntry metadata)
    {
        Optional<String> value = metadata.configurationValue(TABLE_PROPERTY);
        if (value.isEmpty()) {
            return WRITE_SERIALIZABLE;
        }
        return Arrays.stream(values())
                .filter(level -> level.deltaName.equalsIgnoreCase(value.get().strip()))
                .findFirst()
                .orElseThrow(() -> new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid value '%s' of table property %s: expected Serializable or WriteSerializable"
                        .formatted(value.get(), TABLE_PROPERTY)));
    }
}
