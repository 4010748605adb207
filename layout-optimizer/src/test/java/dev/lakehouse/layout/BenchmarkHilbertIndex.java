package dev.lakehouse.layout;

import org.davidmoten.hilbert.HilbertCurve;
import org.davidmoten.hilbert.SmallHilbertCurve;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.math.BigInteger;
import java.util.Random;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Our {@link HilbertIndex} against com.github.davidmoten:hilbert-curve, point to index and back, in 2, 4 and
 * 8 dimensions; {@code TestHilbertIndexAgainstLibrary} checks that both compute the same curve. Two widths:
 * {@code SMALL} grids whose index fits the library's {@code long}-based {@link SmallHilbertCurve} (at most 63
 * bits), and {@code WIDE} grids of up to 128 bits, where the library uses {@link BigInteger} (its limit is
 * 63 bits per dimension, so 2 dimensions use 63 bits, not 64). {@link ZOrderIndex} runs alongside as the
 * cost of the bit interleaving alone. Run with {@code main}, arguments as for JMH's own command line (see
 * layout-optimizer/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(NANOSECONDS)
@OperationsPerInvocation(BenchmarkHilbertIndex.POINTS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 500, timeUnit = MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = MILLISECONDS)
public class BenchmarkHilbertIndex
{
    static final int POINTS = 1024;

    public enum Width
    {
        SMALL(31, 15, 7),
        WIDE(63, 32, 16);

        private final int bitsFor2;
        private final int bitsFor4;
        private final int bitsFor8;

        Width(int bitsFor2, int bitsFor4, int bitsFor8)
        {
            this.bitsFor2 = bitsFor2;
            this.bitsFor4 = bitsFor4;
            this.bitsFor8 = bitsFor8;
        }

        int bits(int dimensions)
        {
            return switch (dimensions) {
                case 2 -> bitsFor2;
                case 4 -> bitsFor4;
                case 8 -> bitsFor8;
                default -> throw new IllegalArgumentException("no width for %s dimensions".formatted(dimensions));
            };
        }
    }

    @Param({"2", "4", "8"})
    private int dimensions;

    @Param
    private Width width;

    private HilbertIndex ours;
    private ZOrderIndex zOrder;
    private SmallHilbertCurve librarySmall;
    private HilbertCurve libraryWide;
    private long[][] points;
    private CurveIndex[] indexes;
    private long[] smallIndexes;
    private BigInteger[] wideIndexes;

    @Setup
    public void setup()
    {
        int bits = width.bits(dimensions);
        ours = new HilbertIndex(dimensions, bits);
        zOrder = new ZOrderIndex(dimensions, bits);
        librarySmall = width == Width.SMALL ? HilbertCurve.small().bits(bits).dimensions(dimensions) : null;
        libraryWide = HilbertCurve.bits(bits).dimensions(dimensions);
        Random random = new Random(42);
        points = new long[POINTS][];
        indexes = new CurveIndex[POINTS];
        smallIndexes = new long[POINTS];
        wideIndexes = new BigInteger[POINTS];
        for (int i = 0; i < POINTS; i++) {
            points[i] = CurveProperties.randomPoint(random, dimensions, bits);
            indexes[i] = ours.index(points[i]);
            smallIndexes[i] = indexes[i].low();
            wideIndexes[i] = new BigInteger(1, indexes[i].toBytes());
        }
    }

    @Benchmark
    public void oursIndex(Blackhole blackhole)
    {
        for (long[] point : points) {
            blackhole.consume(ours.index(point));
        }
    }

    /** The cost of the bit interleaving alone, which the Hilbert transform adds to. */
    @Benchmark
    public void oursZOrderIndex(Blackhole blackhole)
    {
        for (long[] point : points) {
            blackhole.consume(zOrder.index(point));
        }
    }

    @Benchmark
    public void libraryIndex(Blackhole blackhole)
    {
        if (librarySmall != null) {
            for (long[] point : points) {
                blackhole.consume(librarySmall.index(point));
            }
            return;
        }
        for (long[] point : points) {
            blackhole.consume(libraryWide.index(point));
        }
    }

    @Benchmark
    public void oursCoordinates(Blackhole blackhole)
    {
        for (CurveIndex index : indexes) {
            blackhole.consume(ours.coordinates(index));
        }
    }

    @Benchmark
    public void libraryCoordinates(Blackhole blackhole)
    {
        if (librarySmall != null) {
            for (long index : smallIndexes) {
                blackhole.consume(librarySmall.point(index));
            }
            return;
        }
        for (BigInteger index : wideIndexes) {
            blackhole.consume(libraryWide.point(index));
        }
    }

    /** Runs all benchmarks of this class, or those matching the JMH command line's own include patterns. */
    public static void main(String[] args)
            throws RunnerException, CommandLineOptionException
    {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine);
        if (commandLine.getIncludes().isEmpty()) {
            options.include("\\." + BenchmarkHilbertIndex.class.getSimpleName() + "\\.");
        }
        new Runner(options.build()).run();
    }
}
