package dev.lakehouse.trino.metadatatables;

import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.connector.SourcePage;

import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A page whose last column is computed only when the engine reads it, for a metadata-table column that costs more
 * than all the others together (Trino hands a system table no projection).
 */
final class DeferredColumnPage
        implements SourcePage
{
    private Page computed;
    private final Supplier<Block> deferred;
    // positions of the deferred block still to keep once it is computed, after selectPositions
    private int[] selected;
    private Block deferredBlock;

    DeferredColumnPage(Page computed, Supplier<Block> deferred)
    {
        this.computed = requireNonNull(computed, "computed is null");
        this.deferred = requireNonNull(deferred, "deferred is null");
    }

    @Override
    public int getPositionCount()
    {
        return computed.getPositionCount();
    }

    @Override
    public long getSizeInBytes()
    {
        return computed.getSizeInBytes() + (deferredBlock == null ? 0 : deferredBlock.getSizeInBytes());
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return computed.getRetainedSizeInBytes() + (deferredBlock == null ? 0 : deferredBlock.getRetainedSizeInBytes());
    }

    @Override
    public void retainedBytesForEachPart(ObjLongConsumer<Object> consumer)
    {
        for (int channel = 0; channel < computed.getChannelCount(); channel++) {
            computed.getBlock(channel).retainedBytesForEachPart(consumer);
        }
        if (deferredBlock != null) {
            deferredBlock.retainedBytesForEachPart(consumer);
        }
    }

    @Override
    public int getChannelCount()
    {
        return computed.getChannelCount() + 1;
    }

    @Override
    public Block getBlock(int channel)
    {
        if (channel < computed.getChannelCount()) {
            return computed.getBlock(channel);
        }
        if (deferredBlock == null) {
            Block block = deferred.get();
            deferredBlock = selected == null ? block : block.getPositions(selected, 0, selected.length);
        }
        return deferredBlock;
    }

    @Override
    public Page getPage()
    {
        Block[] blocks = new Block[getChannelCount()];
        for (int channel = 0; channel < blocks.length; channel++) {
            blocks[channel] = getBlock(channel);
        }
        return new Page(getPositionCount(), blocks);
    }

    @Override
    public void selectPositions(int[] positions, int offset, int size)
    {
        computed = computed.getPositions(positions, offset, size);
        if (deferredBlock != null) {
            deferredBlock = deferredBlock.getPositions(positions, offset, size);
            return;
        }
        int[] kept = new int[size];
        for (int i = 0; i < size; i++) {
            int position = positions[offset + i];
            kept[i] = selected == null ? position : selected[position];
        }
        selected = kept;
    }
}
