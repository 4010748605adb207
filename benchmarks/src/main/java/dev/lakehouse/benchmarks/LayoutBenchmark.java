package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.lakehouse.benchmarks.BenchmarkQueries.measure;
import static dev.lakehouse.benchmarks.BenchmarkQueries.megabytes;
import static dev.lakehouse.benchmarks.BenchmarkQueries.ratio;
import static dev.lakehouse.benchmarks.BenchmarkQueries.run;
import static dev.lakehouse.benchmarks.BenchmarkQueries.timed;
import static dev.lakehouse.benchmarks.BenchmarkQueries.waitForWorkers;

/**
 * The layout optimizer's benchmark: one narrow table of TPC-H lineitem rows in arrival order (several hundred files,
 * unclustered on the test columns), copies of it clustered by 2, 3 and 4 columns along a Hilbert curve, a Z-order
 * curve and a linear (lexicographic) order, and the same rows in Trino's Delta Lake connector; then box queries on
 * one to four of the columns, run on every layout, with the files (splits) and bytes each reads and its time.
 * <p>
 * Usage: {@code LayoutBenchmark <server-uri> <rows> <runs> <output.md> <plot.svg> [target-file-size]}
 */
public final class LayoutBenchmark
{
    private static final String OURS = "lakehouse";
    private static final String THEIRS = "delta";
    private static final String SCHEMA = "layout";
    private static final String BASE = "unclustered";
    private static final String ROW_COLUMNS = "orderkey, partkey, suppkey, shipdate, receiptdate, quantity, extendedprice";
    // clustering columns, in the order they are added: (partkey, suppkey), + shipdate, + extendedprice
    private static final List<String> CLUSTERING_COLUMNS = ImmutableList.of("partkey", "suppkey", "shipdate", "extendedprice");
    private static final List<String> CURVES = ImmutableList.of("hilbert", "zorder", "linear");
    // where each column's box starts and how wide it is, as quantiles of the column
    private static final Map<String, Double> BOX_START = Map.of("partkey", 0.41, "suppkey", 0.23, "shipdate", 0.62, "extendedprice", 0.35);
    private static final double BOX_WIDTH = 0.03;
    private static final Map<String, String> SHORT_NAMES = Map.of("partkey", "p", "suppkey", "s", "shipdate", "d", "extendedprice", "e");

    private record Layout(String table, String label, List<String> columns, String curve)
    {
        boolean clustered()
        {
            return !columns.isEmpty();
        }
    }

    private record RangeQuery(String name, List<String> columns) {}

    private static final List<RangeQuery> QUERIES = ImmutableList.of(
            new RangeQuery("p", List.of("partkey")),
            new RangeQuery("s", List.of("suppkey")),
            new RangeQuery("d", List.of("shipdate")),
            new RangeQuery("e", List.of("extendedprice")),
            new RangeQuery("p+s", List.of("partkey", "suppkey")),
            new RangeQuery("p+d", List.of("partkey", "shipdate")),
            new RangeQuery("s+d", List.of("suppkey", "shipdate")),
            new RangeQuery("p+s+d", List.of("partkey", "suppkey", "shipdate")),
            new RangeQuery("s+d+e", List.of("suppkey", "shipdate", "extendedprice")),
            new RangeQuery("p+s+d+e", List.of("partkey", "suppkey", "shipdate", "extendedprice")));

    private LayoutBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        URI server = URI.create(args[0]);
        long rows = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path output = Path.of(args[3]);
        Path plot = Path.of(args[4]);
        // about 16 bytes per row in ZSTD Parquet, files about 1.2 times the target: aim at about 300 files
        long targetFileSize = args.length > 5 ? Long.parseLong(args[5]) : Math.max(64 * 1024, rows * 16 / 360);
        // the warehouse folder of the lakehouse catalog, to register a clustered table in Trino's Delta Lake connector
        String warehouse = System.getProperty("lakehouse.warehouse", "");
        String targetFileSizeText = (targetFileSize / 1024) + "kB";
        String tpchSchema = rows <= 6_000_000 ? "sf1" : rows <= 59_000_000 ? "sf10" : "sf100";

        List<Layout> layouts = new ArrayList<>();
        layouts.add(new Layout(BASE, "unclustered", List.of(), ""));
        for (int count = 2; count <= CLUSTERING_COLUMNS.size(); count++) {
            for (String curve : CURVES) {
                layouts.add(new Layout("%s_%s".formatted(curve, count), "%s %d".formatted(curve, count), CLUSTERING_COLUMNS.subList(0, count), curve));
            }
        }

        List<String> report = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:trino://" + server.getHost() + ":" + server.getPort() + "?user=benchmark");
                Statement statement = connection.createStatement()) {
            waitForWorkers(connection);
            statement.execute("SET SESSION %s.target_file_size = '%s'".formatted(OURS, targetFileSizeText));
            // Trino's Delta Lake connector rolls files at about a third of the size ours does for the same target: give it
            // three times the target, so that both copies have about as many files
            statement.execute("SET SESSION %s.target_max_file_size = '%s'".formatted(THEIRS, (3 * targetFileSize / 1024) + "kB"));
            statement.execute("SET SESSION %s.clustering_sort_memory = '512MB'".formatted(OURS));
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(OURS, SCHEMA));
            statement.execute("CREATE SCHEMA IF NOT EXISTS %s.%s".formatted(THEIRS, SCHEMA));
            // right after start, the coordinator may not yet list itself as a node for the catalogs: retry a small write
            for (int attempt = 0; ; attempt++) {
                try {
                    for (String catalog : List.of(OURS, THEIRS)) {
                        statement.execute("DROP TABLE IF EXISTS %s.%s.warmup".formatted(catalog, SCHEMA));
                        statement.execute("CREATE TABLE %s.%s.warmup AS SELECT * FROM tpch.tiny.lineitem".formatted(catalog, SCHEMA));
                        statement.execute("DROP TABLE %s.%s.warmup".formatted(catalog, SCHEMA));
                    }
                    break;
                }
                catch (SQLException e) {
                    if (attempt == 60) {
                        throw e;
                    }
                    Thread.sleep(1000);
                }
            }
            for (Layout layout : layouts) {
                statement.execute("DROP TABLE IF EXISTS %s.%s.%s".formatted(OURS, SCHEMA, layout.table()));
            }
            statement.execute("DROP TABLE IF EXISTS %s.%s.%s".formatted(THEIRS, SCHEMA, BASE));
            try {
                statement.execute("CALL %s.system.unregister_table('%s', 'hilbert_4')".formatted(THEIRS, SCHEMA));
            }
            catch (SQLException _) {
                // not registered
            }

            report.add("%,d rows of `tpch.%s.lineitem` (%s), target file size %s (Delta Lake connector: three times that, for as many files); one warm-up pass, then %d timed runs per query (median), runs interleaved over the layouts; one Trino 476 server with both connectors, heap 8 GB, 2 cores."
                    .formatted(rows, tpchSchema, ROW_COLUMNS, targetFileSizeText, runs));
            report.add("");
            report.add("### Building the layouts");
            report.add("");
            report.add("| step | ms | files before | files after | MB after |");
            report.add("| --- | ---: | ---: | ---: | ---: |");

            long loadMillis = timed(statement, "CREATE TABLE %s.%s.%s AS SELECT %s FROM tpch.%s.lineitem LIMIT %d".formatted(OURS, SCHEMA, BASE, ROW_COLUMNS, tpchSchema, rows));
            long baseFiles = fileCount(statement, BASE);
            report.add("| load `%s` from tpch (CREATE TABLE AS) | %d | | %d | %.1f |".formatted(BASE, loadMillis, baseFiles, megabytes(totalBytes(statement, BASE))));
            progress(report);

            long deltaMillis = timed(statement, "CREATE TABLE %s.%s.%s AS SELECT * FROM %s.%s.%s".formatted(THEIRS, SCHEMA, BASE, OURS, SCHEMA, BASE));
            long deltaFiles = deltaFileCount(statement);
            report.add("| copy into Trino's Delta Lake connector (CREATE TABLE AS) | %d | | %d | |".formatted(deltaMillis, deltaFiles));
            progress(report);

            Map<String, Long> clusterMillis = new LinkedHashMap<>();
            for (Layout layout : layouts) {
                if (!layout.clustered()) {
                    continue;
                }
                long copyMillis = timed(statement, "CREATE TABLE %s.%s.%s AS SELECT * FROM %s.%s.%s".formatted(OURS, SCHEMA, layout.table(), OURS, SCHEMA, BASE));
                long before = fileCount(statement, layout.table());
                long millis = timed(statement, "ALTER TABLE %s.%s.%s EXECUTE cluster(columns => ARRAY[%s], curve => '%s')".formatted(
                        OURS, SCHEMA, layout.table(), layout.columns().stream().map(column -> "'" + column + "'").collect(Collectors.joining(", ")), layout.curve()));
                clusterMillis.put(layout.table(), millis);
                report.add("| copy (%d ms), then `cluster` %s by (%s) | %d | %d | %d | %.1f |".formatted(
                        copyMillis, layout.curve(), String.join(", ", layout.columns()), millis, before, fileCount(statement, layout.table()), megabytes(totalBytes(statement, layout.table()))));
                progress(report);
            }

            // whether the files counted are the files: a full scan reads every file once
            QueryStatistics fullScan = run(connection, server, "SELECT sum(quantity) FROM %s.%s.%s".formatted(OURS, SCHEMA, BASE));
            report.add("");
            report.add("Full scan of `%s`: %d files read of %d files, in %d splits (%s).".formatted(BASE, fullScan.scanFiles(), baseFiles, fullScan.scanSplits(),
                    fullScan.scanFiles() == baseFiles ? "every file read once: the files read below count files" : "files read are not the files: read the files column with care"));

            report.add("");
            report.add("### Layout metrics (`\"t$layout\"`: average number of files overlapping at a value of the column)");
            report.add("");
            report.add("| layout | files | " + String.join(" | ", CLUSTERING_COLUMNS) + " | orderkey |");
            report.add("| --- | ---: | " + "---: | ".repeat(CLUSTERING_COLUMNS.size()) + "---: |");
            for (Layout layout : layouts) {
                Map<String, Double> depths = averageDepths(statement, layout.table());
                List<String> cells = new ArrayList<>();
                for (String column : CLUSTERING_COLUMNS) {
                    cells.add("%.1f".formatted(depths.get(column)));
                }
                report.add("| %s | %d | %s | %.1f |".formatted(layout.label(), fileCount(statement, layout.table()), String.join(" | ", cells), depths.get("orderkey")));
            }
            progress(report);

            // the boxes: quantiles of each column, so each covers BOX_WIDTH of the rows on its own
            Map<String, String> predicates = new LinkedHashMap<>();
            report.add("");
            report.add("### Queries");
            report.add("");
            report.add("`SELECT count(*), sum(quantity) FROM t WHERE <ranges>`, each range covering %.0f%% of the rows on its own column:".formatted(BOX_WIDTH * 100));
            report.add("");
            for (String column : CLUSTERING_COLUMNS) {
                predicates.put(column, boxPredicate(statement, column));
                report.add("- %s: `%s`".formatted(SHORT_NAMES.get(column), predicates.get(column)));
            }
            report.add("");
            report.add("The query names list the columns: p = partkey, s = suppkey, d = shipdate, e = extendedprice.");

            List<String> targets = new ArrayList<>();
            for (Layout layout : layouts) {
                targets.add("%s.%s.%s".formatted(OURS, SCHEMA, layout.table()));
            }
            targets.add("%s.%s.%s".formatted(THEIRS, SCHEMA, BASE));
            List<String> targetLabels = new ArrayList<>(layouts.stream().map(Layout::label).toList());
            targetLabels.add("delta (Trino)");
            // the same files as hilbert 4, read by Trino's Delta Lake connector: it prunes with the statistics we wrote
            String registered = registerInDelta(statement, warehouse, "hilbert_4");
            report.add("");
            report.add(registered);
            if (!registered.contains("failed")) {
                targets.add("%s.%s.%s".formatted(THEIRS, SCHEMA, "hilbert_4"));
                targetLabels.add("delta on hilbert 4");
            }

            for (RangeQuery query : QUERIES) {
                for (String target : targets) {
                    run(connection, server, sql(query, predicates, target));
                }
            }
            long[][] files = new long[QUERIES.size()][targets.size()];
            long[][] bytes = new long[QUERIES.size()][targets.size()];
            long[][] millis = new long[QUERIES.size()][targets.size()];
            for (int q = 0; q < QUERIES.size(); q++) {
                RangeQuery query = QUERIES.get(q);
                List<QueryStatistics> results = measure(connection, server, targets.stream().map(target -> sql(query, predicates, target)).toList(), runs);
                for (int t = 0; t < targets.size(); t++) {
                    files[q][t] = results.get(t).scanFiles();
                    bytes[q][t] = results.get(t).physicalInputBytes();
                    millis[q][t] = results.get(t).wallMillis();
                }
                System.err.printf("query %s done%n", query.name());
            }

            report.add("");
            report.add("### Files read (splits of the scan), and as a share of the unclustered table's");
            report.add("");
            report.addAll(matrix(targetLabels, files, value -> Long.toString(value), true));
            report.add("");
            report.add("### MB read");
            report.add("");
            report.addAll(matrix(targetLabels, bytes, value -> "%.1f".formatted(megabytes(value)), true));
            report.add("");
            report.add("### Time (ms, median)");
            report.add("");
            report.addAll(matrix(targetLabels, millis, value -> Long.toString(value), true));

            report.add("");
            report.add("### Targets");
            report.add("");
            report.addAll(targets(layouts, files));

            report.add("");
            report.add("### Trino's Delta Lake `optimize`");
            report.add("");
            report.add(deltaOptimize(statement, deltaFiles));

            writeSvg(plot, targetLabels, files, rows, baseFiles);
        }
        String text = String.join("\n", report) + "\n";
        System.out.print(text);
        Files.writeString(output, text);
    }

    private static void progress(List<String> report)
    {
        System.err.println(report.getLast());
    }

    private static String sql(RangeQuery query, Map<String, String> predicates, String table)
    {
        return "SELECT count(*), sum(quantity) FROM %s WHERE %s".formatted(table, query.columns().stream().map(predicates::get).collect(Collectors.joining(" AND ")));
    }

    private static String boxPredicate(Statement statement, String column)
            throws SQLException
    {
        double low = BOX_START.get(column);
        double high = low + BOX_WIDTH;
        if (column.equals("shipdate")) {
            try (ResultSet result = statement.executeQuery("SELECT approx_percentile(date_diff('day', DATE '1970-01-01', shipdate), %s), approx_percentile(date_diff('day', DATE '1970-01-01', shipdate), %s) FROM %s.%s.%s"
                    .formatted(low, high, OURS, SCHEMA, BASE))) {
                result.next();
                return "shipdate BETWEEN DATE '%s' AND DATE '%s'".formatted(LocalDate.ofEpochDay(result.getLong(1)), LocalDate.ofEpochDay(result.getLong(2)));
            }
        }
        try (ResultSet result = statement.executeQuery("SELECT approx_percentile(%1$s, %2$s), approx_percentile(%1$s, %3$s) FROM %4$s.%5$s.%6$s".formatted(column, low, high, OURS, SCHEMA, BASE))) {
            result.next();
            if (column.equals("extendedprice")) {
                return "%s BETWEEN %.2f AND %.2f".formatted(column, result.getDouble(1), result.getDouble(2));
            }
            return "%s BETWEEN %d AND %d".formatted(column, result.getLong(1), result.getLong(2));
        }
    }

    private static long fileCount(Statement statement, String table)
            throws SQLException
    {
        return layoutValue(statement, table, "file_count");
    }

    private static long totalBytes(Statement statement, String table)
            throws SQLException
    {
        return layoutValue(statement, table, "total_bytes");
    }

    private static long layoutValue(Statement statement, String table, String column)
            throws SQLException
    {
        try (ResultSet result = statement.executeQuery("SELECT %s FROM %s.%s.\"%s$layout\" LIMIT 1".formatted(column, OURS, SCHEMA, table))) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Map<String, Double> averageDepths(Statement statement, String table)
            throws SQLException
    {
        Map<String, Double> depths = new LinkedHashMap<>();
        try (ResultSet result = statement.executeQuery("SELECT column_name, average_depth FROM %s.%s.\"%s$layout\"".formatted(OURS, SCHEMA, table))) {
            while (result.next()) {
                depths.put(result.getString(1), result.getDouble(2));
            }
        }
        return depths;
    }

    private static long deltaFileCount(Statement statement)
            throws SQLException
    {
        try (ResultSet result = statement.executeQuery("SELECT count(DISTINCT \"$path\") FROM %s.%s.%s".formatted(THEIRS, SCHEMA, BASE))) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String deltaOptimize(Statement statement, long filesBefore)
    {
        String sql = "ALTER TABLE %s.%s.%s EXECUTE optimize(file_size_threshold => '1GB')".formatted(THEIRS, SCHEMA, BASE);
        try {
            // the default target file size of Trino's Delta Lake connector (1GB): bin-packing into few large files
            statement.execute("RESET SESSION %s.target_max_file_size".formatted(THEIRS));
            long millis = timed(statement, sql);
            return "`%s` (default target_max_file_size): %d ms, files %d -> %d. Bin-packing only: it does not sort rows, so it cannot improve pruning."
                    .formatted(sql, millis, filesBefore, deltaFileCount(statement));
        }
        catch (SQLException e) {
            String insert = "INSERT INTO %s.%s.%s SELECT * FROM %s.%s.%s WHERE orderkey < 0".formatted(THEIRS, SCHEMA, BASE, OURS, SCHEMA, BASE);
            String insertOutcome;
            try {
                statement.execute(insert);
                insertOutcome = "succeeds";
            }
            catch (SQLException insertFailure) {
                insertOutcome = "fails too: `%s`".formatted(insertFailure.getMessage());
            }
            return "`%s` failed (catalog `delta` has `delta.enable-non-concurrent-writes=true`, and its CREATE TABLE AS above worked): `%s`. An `%s` %s."
                    .formatted(sql, e.getMessage(), insert, insertOutcome);
        }
    }

    private static String registerInDelta(Statement statement, String warehouse, String table)
    {
        String sql = "CALL %s.system.register_table(schema_name => '%s', table_name => '%s', table_location => '%s/%s/%s')".formatted(THEIRS, SCHEMA, table, warehouse, SCHEMA, table);
        try {
            statement.execute(sql);
            return "Registered the files of `%s` in Trino's Delta Lake connector without copying them (`%s`): column \"delta on hilbert 4\" is Trino's reader pruning with the statistics this connector wrote.".formatted(table, sql);
        }
        catch (SQLException e) {
            return "`%s` failed: `%s`".formatted(sql, e.getMessage());
        }
    }

    private interface Format
    {
        String format(long value);
    }

    private static List<String> matrix(List<String> targetLabels, long[][] values, Format format, boolean withRatio)
    {
        List<String> lines = new ArrayList<>();
        lines.add("| query | " + String.join(" | ", targetLabels) + " |");
        lines.add("| --- |" + " ---: |".repeat(targetLabels.size()));
        for (int q = 0; q < QUERIES.size(); q++) {
            List<String> cells = new ArrayList<>();
            for (int t = 0; t < targetLabels.size(); t++) {
                String cell = format.format(values[q][t]);
                if (withRatio && t > 0) {
                    cell += " (%.2f)".formatted(ratio(values[q][t], values[q][0]));
                }
                cells.add(cell);
            }
            lines.add("| %s | %s |".formatted(QUERIES.get(q).name(), String.join(" | ", cells)));
        }
        return lines;
    }

    /**
     * The targets: on range queries over 2 to 4 of the clustering columns, the Hilbert layout clustered by
     * exactly those leading columns reads at most 1/10 of the unclustered table's files; and Hilbert layouts read
     * fewer files than Z-order layouts on average.
     */
    private static List<String> targets(List<Layout> layouts, long[][] files)
    {
        List<String> lines = new ArrayList<>();
        lines.add("| query | layout | hilbert files / unclustered | zorder files / unclustered | linear files / unclustered | hilbert <= 1/10 |");
        lines.add("| --- | --- | ---: | ---: | ---: | --- |");
        int met = 0;
        int checked = 0;
        for (int q = 0; q < QUERIES.size(); q++) {
            List<String> columns = QUERIES.get(q).columns();
            if (columns.size() < 2 || !columns.equals(CLUSTERING_COLUMNS.subList(0, columns.size()))) {
                continue;
            }
            int count = columns.size();
            double hilbert = ratio(files[q][indexOf(layouts, "hilbert", count)], files[q][0]);
            double zorder = ratio(files[q][indexOf(layouts, "zorder", count)], files[q][0]);
            double linear = ratio(files[q][indexOf(layouts, "linear", count)], files[q][0]);
            checked++;
            if (hilbert <= 0.1) {
                met++;
            }
            lines.add("| %s | clustered by these %d columns | %.3f | %.3f | %.3f | %s |".formatted(QUERIES.get(q).name(), count, hilbert, zorder, linear, hilbert <= 0.1 ? "yes" : "no"));
        }
        lines.add("");
        lines.add("Hilbert reads at most 1/10 of the unclustered files on %d of %d queries over exactly its clustering columns.".formatted(met, checked));
        // the average over every query with at least one clustering column of the layout, and every clustering width
        for (int count = 2; count <= CLUSTERING_COLUMNS.size(); count++) {
            long hilbert = 0;
            long zorder = 0;
            long linear = 0;
            int queries = 0;
            for (int q = 0; q < QUERIES.size(); q++) {
                List<String> clustered = CLUSTERING_COLUMNS.subList(0, count);
                if (QUERIES.get(q).columns().stream().noneMatch(clustered::contains)) {
                    continue;
                }
                queries++;
                hilbert += files[q][indexOf(layouts, "hilbert", count)];
                zorder += files[q][indexOf(layouts, "zorder", count)];
                linear += files[q][indexOf(layouts, "linear", count)];
            }
            lines.add("Clustered by %d columns, average files read over the %d queries on at least one of them: hilbert %.1f, zorder %.1f, linear %.1f (hilbert / zorder %.2f)."
                    .formatted(count, queries, (double) hilbert / queries, (double) zorder / queries, (double) linear / queries, ratio(hilbert, zorder)));
        }
        return lines;
    }

    private static int indexOf(List<Layout> layouts, String curve, int columns)
    {
        for (int i = 0; i < layouts.size(); i++) {
            if (layouts.get(i).curve().equals(curve) && layouts.get(i).columns().size() == columns) {
                return i;
            }
        }
        throw new IllegalArgumentException(curve + " " + columns);
    }

    /**
     * Grouped bars of files read per query (x) and layout (bar), on a logarithmic y axis.
     */
    private static void writeSvg(Path path, List<String> labels, long[][] files, long rows, long baseFiles)
            throws IOException
    {
        String[] colors = {"#444444", "#08519c", "#3182bd", "#6baed6", "#a50f15", "#de2d26", "#fb6a4a", "#006d2c", "#31a354", "#74c476", "#ff9900", "#7b3294"};
        int groups = QUERIES.size();
        int bars = labels.size();
        int barWidth = 7;
        int groupWidth = bars * barWidth + 14;
        int left = 60;
        int top = 50;
        int plotHeight = 320;
        int width = left + groups * groupWidth + 190;
        int height = top + plotHeight + 60;
        long maxFiles = 1;
        for (long[] row : files) {
            for (long value : row) {
                maxFiles = Math.max(maxFiles, value);
            }
        }
        double logMax = Math.ceil(Math.log10(maxFiles));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n".formatted(width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"%d\" y=\"20\" font-size=\"14\">Files read per query and layout (%,d rows, %d files unclustered; log scale)</text>\n".formatted(left, rows, baseFiles));
        svg.append("<text x=\"%d\" y=\"36\">p = partkey, s = suppkey, d = shipdate, e = extendedprice; each range 3%% of its column; clustered by (p, s), (p, s, d), (p, s, d, e)</text>\n".formatted(left));
        for (int power = 0; power <= logMax; power++) {
            double y = top + plotHeight - power / logMax * plotHeight;
            svg.append("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n".formatted(left, left + groups * groupWidth, y, y));
            svg.append("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n".formatted(left - 5, y + 4, (long) Math.pow(10, power)));
        }
        for (int q = 0; q < groups; q++) {
            int x0 = left + q * groupWidth + 7;
            for (int b = 0; b < bars; b++) {
                long value = files[q][b];
                // a bar of 0 files is drawn as a sliver at the bottom
                double barHeight = value <= 0 ? 1 : Math.max(1, (Math.log10(value) + (value == 1 ? 0.05 : 0)) / logMax * plotHeight);
                svg.append("<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s, %s: %d files</title></rect>\n".formatted(
                        x0 + b * barWidth, top + plotHeight - barHeight, barWidth - 1, barHeight, colors[b % colors.length], QUERIES.get(q).name(), labels.get(b), value));
            }
            svg.append("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n".formatted(x0 + bars * barWidth / 2, top + plotHeight + 16, QUERIES.get(q).name()));
        }
        svg.append("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>\n".formatted(left, left + groups * groupWidth, top + plotHeight, top + plotHeight));
        int legendX = left + groups * groupWidth + 15;
        for (int b = 0; b < bars; b++) {
            int y = top + b * 18;
            svg.append("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n".formatted(legendX, y, colors[b % colors.length]));
            svg.append("<text x=\"%d\" y=\"%d\">%s</text>\n".formatted(legendX + 18, y + 10, labels.get(b)));
        }
        svg.append("</svg>\n");
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, svg.toString());
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
