package dev.lakehouse.trino.changefeed;

/**
 * The kinds of change in a change feed, named as Delta's {@code _change_type} values.
 */
public enum ChangeType
{
    INSERT("insert"),
    DELETE("delete"),
    UPDATE_PREIMAGE("update_preimage"),
    UPDATE_POSTIMAGE("update_postimage");

    private final String deltaName;

    ChangeType(String deltaName)
    {
        this.deltaName = deltaName;
    }

    public String deltaName()
    {
        return deltaName;
    }
}
