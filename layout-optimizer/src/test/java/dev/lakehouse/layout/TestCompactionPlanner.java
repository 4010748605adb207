package dev.lakehouse.layout;

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static dev.lakehouse.layout.TestingFiles.UNPARTITIONED;
import static dev.lakehouse.layout.TestingFiles.file;
import static dev.lakehouse.layout.TestingFiles.partition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestCompactionPlanner
{
    private static final long MB = 1L << 20;
    private static final long TARGET = 128 * MB;
    private static final long THRESHOLD = 96 * MB;

    @Test
    void testPacksSmallFilesUpToTheTarget()
    {
        List<DataFileDescriptor> files = new ArrayList<>();
        // 10 files of 30MB: four fit in 128MB, so groups of 4, 4 and a remainder of 2
        for (int i = 0; i < 10; i++) {
            files.add(file("small-" + i, 30 * MB));
        }
        // at or above the threshold: never touched
        files.add(file("large-0", THRESHOLD));
        files.add(file("large-1", 500 * MB));
        CompactionPlan plan = new CompactionPlanner(new CompactionOptions(TARGET, THRESHOLD, 2)).plan(files);

        assertThat(plan.groups()).extracting(group -> group.files().size()).containsExactly(4, 4, 2);
        assertThat(plan.groups()).extracting(FileGroup::totalSizeBytes).containsExactly(120 * MB, 120 * MB, 60 * MB);
        assertThat(plan.inputFileCount()).isEqualTo(10);
        assertThat(plan.inputBytes()).isEqualTo(300 * MB);
        assertThat(plan.groupCount()).isEqualTo(3);
        assertThat(allPaths(plan)).noneMatch(path -> path.startsWith("large"));
        assertValid(plan, files, TARGET, THRESHOLD);
    }

    @Test
    void testLargestFileFirstThenTheRoomLeftIsFilled()
    {
        List<DataFileDescriptor> files = ImmutableList.of(
                file("a", 10 * MB), file("b", 70 * MB), file("c", 10 * MB), file("d", 70 * MB), file("e", 60 * MB), file("f", 60 * MB));
        CompactionPlan plan = new CompactionPlanner(new CompactionOptions(100 * MB, 90 * MB, 2)).plan(files);
        // b, d, e and f each open a group (no two fit together in 100MB); a and c both fit beside b, the
        // first group with room. d, e and f are left alone rather than rewritten one by one.
        assertThat(plan.groups()).extracting(group -> paths(group.files())).containsExactly(ImmutableList.of("b", "a", "c"));
        assertThat(plan.inputBytes()).isEqualTo(90 * MB);
        assertValid(plan, files, 100 * MB, 90 * MB);
    }

    @Test
    void testNeverPlansAGroupOfOneFile()
    {
        List<DataFileDescriptor> files = ImmutableList.of(file("a", 70 * MB), file("b", 70 * MB), file("c", 70 * MB));
        CompactionPlan plan = new CompactionPlanner(new CompactionOptions(TARGET, THRESHOLD, 2)).plan(files);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.inputFileCount()).isZero();
        assertThat(plan.inputBytes()).isZero();
    }

    @Test
    void testGroupsPerPartitionIncludingTheNullPartition()
    {
        Map<String, Optional<String>> nullDay = partition("day", null);
        Map<String, Optional<String>> monday = partition("day", "monday");
        Map<String, Optional<String>> tuesday = partition("day", "tuesday");
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(file("tuesday-" + i, tuesday, 10 * MB));
            files.add(file("null-" + i, nullDay, 10 * MB));
            files.add(file("monday-" + i, monday, 10 * MB));
        }
        // one small file alone in its partition: no partner, even though others would fit
        files.add(file("wednesday-0", partition("day", "wednesday"), 10 * MB));
        CompactionPlan plan = new CompactionPlanner(new CompactionOptions(TARGET, THRESHOLD, 2)).plan(files);

        assertThat(plan.groups()).extracting(FileGroup::partitionValues).containsExactly(nullDay, monday, tuesday);
        for (FileGroup group : plan.groups()) {
            assertThat(group.files()).hasSize(3).allMatch(file -> file.partitionValues().equals(group.partitionValues()));
        }
        assertThat(paths(plan.groups().getFirst().files())).containsExactly("null-0", "null-1", "null-2");
        assertValid(plan, files, TARGET, THRESHOLD);
    }

    @Test
    void testPartitionsWithTooFewCandidatesAreLeftAlone()
    {
        Map<String, Optional<String>> few = partition("p", "few");
        Map<String, Optional<String>> many = partition("p", "many");
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(file("few-" + i, few, MB));
        }
        // large files do not count towards the minimum
        files.add(file("few-large", few, 200 * MB));
        for (int i = 0; i < 5; i++) {
            files.add(file("many-" + i, many, MB));
        }
        CompactionPlan plan = new CompactionPlanner(new CompactionOptions(TARGET, THRESHOLD, 5)).plan(files);
        assertThat(plan.groups()).extracting(FileGroup::partitionValues).containsExactly(many);
        assertThat(plan.inputFileCount()).isEqualTo(5);

        CompactionPlan lower = new CompactionPlanner(new CompactionOptions(TARGET, THRESHOLD, 4)).plan(files);
        assertThat(lower.groups()).extracting(FileGroup::partitionValues).containsExactly(few, many);
        assertThat(lower.inputFileCount()).isEqualTo(9);
    }

    @Test
    void testDeterministicWhateverTheInputOrder()
    {
        Random random = new Random(3);
        List<DataFileDescriptor> files = randomFiles(random, 2_000, 7);
        CompactionPlanner planner = new CompactionPlanner(new CompactionOptions(TARGET, THRESHOLD, 3));
        CompactionPlan expected = planner.plan(files);
        assertThat(expected.groupCount()).isGreaterThan(10);
        for (int i = 0; i < 3; i++) {
            List<DataFileDescriptor> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, random);
            assertThat(planner.plan(shuffled)).isEqualTo(expected);
        }
    }

    @Test
    void testTenThousandSmallFiles()
    {
        Random random = new Random(4);
        int partitions = 10;
        List<DataFileDescriptor> files = randomFiles(random, 10_000, partitions);
        CompactionOptions options = new CompactionOptions(TARGET, THRESHOLD, 2);
        CompactionPlanner planner = new CompactionPlanner(options);
        planner.plan(files);

        long start = System.nanoTime();
        CompactionPlan plan = planner.plan(files);
        long elapsed = System.nanoTime() - start;
        System.out.printf("compaction plan of %s files in %s partitions: %s groups, %.1f ms%n", files.size(), partitions, plan.groupCount(), elapsed / 1e6);

        assertValid(plan, files, TARGET, THRESHOLD);
        Map<Map<String, Optional<String>>, Integer> farFromTarget = new HashMap<>();
        for (FileGroup group : plan.groups()) {
            if (group.totalSizeBytes() < TARGET * 0.8 || group.totalSizeBytes() > TARGET * 1.2) {
                farFromTarget.merge(group.partitionValues(), 1, Integer::sum);
            }
        }
        assertThat(farFromTarget.values()).allMatch(count -> count <= 1);
        // almost every candidate is compacted, into about as few groups as bytes allow
        long candidateBytes = files.stream().mapToLong(DataFileDescriptor::sizeInBytes).filter(size -> size < THRESHOLD).sum();
        assertThat(plan.inputBytes()).isGreaterThan((long) (candidateBytes * 0.99));
        assertThat(plan.groupCount()).isLessThanOrEqualTo((int) (candidateBytes / (TARGET * 0.8)) + partitions);
        assertThat(elapsed).isLessThan(5_000_000_000L);
    }

    @Test
    void testOptionsValidation()
    {
        assertThatThrownBy(() -> new CompactionOptions(0, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targetFileSizeBytes must be positive, got 0");
        assertThatThrownBy(() -> new CompactionOptions(100, 101, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fileSizeThresholdBytes must be positive and at most targetFileSizeBytes (100), got 101");
        assertThatThrownBy(() -> new CompactionOptions(100, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fileSizeThresholdBytes must be positive and at most targetFileSizeBytes (100), got 0");
        assertThatThrownBy(() -> new CompactionOptions(100, 50, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minInputFiles must be at least 2, since rewriting one file alone changes nothing, got 1");
        assertThatThrownBy(() -> new CompactionPlanner(new CompactionOptions(100, 50, 2)).plan(ImmutableList.of(file("a", 1), file("a", 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file a appears more than once");
    }

    /**
     * Sizes spread evenly on a log scale from 10KB to 120MB, so most are small, and some are above the
     * threshold; partition {@code 0} is the NULL partition.
     */
    private static List<DataFileDescriptor> randomFiles(Random random, int count, int partitions)
    {
        List<DataFileDescriptor> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int partition = random.nextInt(partitions);
            long size = (long) Math.exp(random.nextDouble(Math.log(10_000), Math.log(120 * MB)));
            files.add(file("file-%05d".formatted(i), partition("p", partition == 0 ? null : "p" + partition), size));
        }
        return files;
    }

    /** The invariants of every plan, checked against the input. */
    private static void assertValid(CompactionPlan plan, List<DataFileDescriptor> input, long target, long threshold)
    {
        Set<String> inputPaths = new HashSet<>(paths(input));
        Set<String> seen = new HashSet<>();
        for (FileGroup group : plan.groups()) {
            assertThat(group.files()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(group.totalSizeBytes()).isLessThanOrEqualTo(target);
            for (DataFileDescriptor file : group.files()) {
                assertThat(file.sizeInBytes()).isLessThan(threshold);
                assertThat(inputPaths).contains(file.path());
                assertThat(seen.add(file.path())).as("%s in two groups", file.path()).isTrue();
            }
        }
        assertThat(seen).hasSize(plan.inputFileCount());
    }

    private static List<String> allPaths(CompactionPlan plan)
    {
        return plan.groups().stream().flatMap(group -> group.files().stream()).map(DataFileDescriptor::path).toList();
    }

    private static List<String> paths(List<DataFileDescriptor> files)
    {
        return files.stream().map(DataFileDescriptor::path).toList();
    }
}
