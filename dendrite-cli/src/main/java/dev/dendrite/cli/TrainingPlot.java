// The curves of a run as one PNG (XChart, headless): every loss column of metrics.csv in the left panel (on a
// log scale when it spans more than two decades), every accuracy column in the right, against the epoch, with
// the column names (train_loss, test_loss, val_loss ...) as the legend, the same words as the console prints.
package dev.dendrite.cli;

import dev.dendrite.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class TrainingPlot {
    private TrainingPlot() {}

    static void write(List<Map<String, Double>> history, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<XYChart> charts = new ArrayList<>();
        for (String kind : List.of("loss", "accuracy")) {
            List<String> columns = history.getFirst().keySet().stream().filter(c -> c.endsWith(kind)).toList();
            if (!columns.isEmpty()) {
                charts.add(chart(history, kind, columns));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, out.toByteArray());
    }

    private static XYChart chart(List<Map<String, Double>> history, String kind, List<String> columns) {
        XYChart chart = new XYChartBuilder().width(600).height(420).title(kind).xAxisTitle("epoch").yAxisTitle(kind).build();
        chart.getStyler().setPlotGridLinesVisible(true).setXAxisDecimalPattern("#");
        // Losses fall and accuracies rise: the legend goes where the curves end up least.
        chart.getStyler().setLegendPosition(kind.equals("loss") ? Styler.LegendPosition.InsideNE
                : Styler.LegendPosition.InsideSE).setChartBackgroundColor(java.awt.Color.WHITE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (String column : columns) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Map<String, Double> row : history) {
                Double v = row.get(column);
                if (v != null && Double.isFinite(v)) {
                    x.add(row.get("epoch"));
                    y.add(v);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(column, x, y);
            }
        }
        chart.getStyler().setYAxisLogarithmic(kind.equals("loss") && lo > 0 && hi / lo > 100);
        return chart;
    }
}
