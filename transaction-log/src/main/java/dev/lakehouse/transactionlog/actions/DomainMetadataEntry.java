package dev.lakehouse.transactionlog.actions;

import static java.util.Objects.requireNonNull;

/**
 * The {@code domainMetadata} action: configuration of a named domain (e.g. {@code delta.clustering} for the
 * clustering columns), replaced as a whole by a later action of the same domain; {@code removed} deletes it.
 *
 * @param configuration the domain's configuration, a JSON string whose content only the domain's owner interprets
 */
public record DomainMetadataEntry(String domain, String configuration, boolean removed)
        implements DeltaAction
{
    public static final String CLUSTERING_DOMAIN = "delta.clustering";

    public DomainMetadataEntry
    {
        requireNonNull(domain, "domain is null");
        requireNonNull(configuration, "configuration is null");
    }
}
