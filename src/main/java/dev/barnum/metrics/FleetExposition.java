package dev.barnum.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fleet's series as exposition text, rendered once per snapshot in both formats Prometheus asks
 * for, by client_java's own writers, and swapped in whole: a scrape sends these bytes as they are,
 * it never formats tens of thousands of samples, never waits for a poll and never mixes two polls.
 */
@ApplicationScoped
public class FleetExposition {

    static final String TEXT = PrometheusTextFormatWriter.CONTENT_TYPE;
    static final String OPEN_METRICS = OpenMetricsTextFormatWriter.CONTENT_TYPE;

    private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final ExpositionFormatWriter TEXT_WRITER = PrometheusTextFormatWriter.create();
    private static final ExpositionFormatWriter OPEN_METRICS_WRITER =
            OpenMetricsTextFormatWriter.create();

    /**
     * The same families in Prometheus text 0.0.4 and in OpenMetrics 1.0 without its closing {@code
     * # EOF}: the scrape's other families follow them.
     */
    private record Rendered(ByteBuf text, ByteBuf openMetrics) {}

    private volatile Rendered rendered = new Rendered(Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER);

    /** Replaces the fleet's series. */
    public void publish(MetricSnapshots families) {
        rendered =
                new Rendered(render(TEXT_WRITER, families), render(OPEN_METRICS_WRITER, families));
    }

    /**
     * The fleet's series in the format of {@code contentType}, to send as they are (never to
     * change).
     */
    ByteBuf bytes(String contentType) {
        Rendered now = rendered;
        return (isOpenMetrics(contentType) ? now.openMetrics() : now.text()).duplicate();
    }

    /** The same, as text. */
    String text(String contentType) {
        return bytes(contentType).toString(StandardCharsets.UTF_8);
    }

    static boolean isOpenMetrics(String contentType) {
        return contentType.startsWith(OPEN_METRICS);
    }

    /** Renders into one array and keeps it without copying, less a closing {@code # EOF}. */
    private static ByteBuf render(ExpositionFormatWriter writer, MetricSnapshots families) {
        Sink out = new Sink(families.stream().mapToInt(f -> f.getDataPoints().size()).sum() * 80);
        try {
            writer.write(out, families);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array never throws
        }
        return out.bytesWithout(EOF);
    }

    /** A byte array stream whose bytes are shared, not copied. */
    private static final class Sink extends ByteArrayOutputStream {
        Sink(int size) {
            super(Math.max(1024, size));
        }

        ByteBuf bytesWithout(byte[] trailer) {
            int end = count;
            if (count >= trailer.length
                    && Arrays.equals(
                            buf, count - trailer.length, count, trailer, 0, trailer.length)) {
                end -= trailer.length;
            }
            return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(buf, 0, end));
        }
    }
}
