package dev.lakehouse.layout;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestCurveIndex
{
    @Test
    void testComparesUnsigned()
    {
        assertThat(CurveIndex.of(-1)).isGreaterThan(CurveIndex.of(Long.MAX_VALUE));
        assertThat(new CurveIndex(1, 0)).isGreaterThan(CurveIndex.of(-1));
        assertThat(new CurveIndex(-1, 0)).isGreaterThan(new CurveIndex(1, -1));
        assertThat(CurveIndex.of(5)).isEqualByComparingTo(new CurveIndex(0, 5));
        assertThat(CurveIndex.ZERO).isLessThan(CurveIndex.of(1));
    }

    @Test
    void testBytesSortLikeIndexes()
    {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            CurveIndex first = randomIndex(random);
            CurveIndex second = randomIndex(random);
            byte[] firstBytes = first.toBytes();
            assertThat(firstBytes).hasSize(CurveIndex.BYTES);
            assertThat(CurveIndex.fromBytes(firstBytes)).isEqualTo(first);
            assertThat(Integer.signum(Arrays.compareUnsigned(firstBytes, second.toBytes())))
                    .isEqualTo(Integer.signum(first.compareTo(second)));
        }
        assertThat(new CurveIndex(0x0102030405060708L, 0x090A0B0C0D0E0F10L).toBytes())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThatThrownBy(() -> CurveIndex.fromBytes(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a curve index has 16 bytes, got 8");
    }

    @Test
    void testToString()
    {
        assertThat(new CurveIndex(0xAB, -1)).hasToString("0x00000000000000abffffffffffffffff");
    }

    /** Often equal halves or extreme values, where signed and unsigned comparisons differ. */
    private static CurveIndex randomIndex(Random random)
    {
        long[] interesting = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        long high = random.nextInt(3) == 0 ? interesting[random.nextInt(interesting.length)] : random.nextLong();
        long low = random.nextInt(3) == 0 ? interesting[random.nextInt(interesting.length)] : random.nextLong();
        return new CurveIndex(high, low);
    }
}
