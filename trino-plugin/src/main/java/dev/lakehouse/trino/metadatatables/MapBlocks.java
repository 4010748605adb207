package dev.lakehouse.trino.metadatatables;

import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.type.MapType;
import io.trino.spi.type.TypeManager;
import io.trino.spi.type.TypeSignature;

import java.util.Map;

import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * {@code map(varchar, varchar)} values of the metadata tables.
 */
final class MapBlocks
{
    private MapBlocks() {}

    static MapType stringMap(TypeManager typeManager)
    {
        return (MapType) typeManager.getType(TypeSignature.mapType(VARCHAR.getTypeSignature(), VARCHAR.getTypeSignature()));
    }

    static void writeStringMap(BlockBuilder builder, Map<String, String> map)
    {
        ((MapBlockBuilder) builder).buildEntry((keys, values) -> map.forEach((key, value) -> {
            VARCHAR.writeString(keys, key);
            if (value == null) {
                values.appendNull();
            }
            else {
                VARCHAR.writeString(values, value);
            }
        }));
    }
}
