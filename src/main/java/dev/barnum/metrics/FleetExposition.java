package dev.barnum.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

/**
 * The fleet's series as exposition text, rendered once per snapshot in both formats Prometheus asks
 * for and swapped in whole: a scrape sends these bytes as they are, it never formats tens of
 * thousands of samples, never waits for a poll and never mixes two polls.
 */
@ApplicationScoped
public class FleetExposition {

    static final String EOF = "# EOF\n";

    /**
     * The same families in Prometheus text 0.0.4 and in OpenMetrics 1.0 (without its closing {@code
     * # EOF}).
     */
    private record Rendered(ByteBuf text, ByteBuf openMetrics) {}

    private volatile Rendered rendered = new Rendered(Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER);

    /** Replaces the fleet's series. */
    public void publish(List<MetricFamilySamples> families) {
        rendered =
                new Rendered(
                        render(TextFormat.CONTENT_TYPE_004, families),
                        render(TextFormat.CONTENT_TYPE_OPENMETRICS_100, families));
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
        return contentType.startsWith(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
    }

    /**
     * Renders into one array, sized ahead, and keeps it without copying (nor a closing {@code #
     * EOF}).
     */
    private static ByteBuf render(String contentType, List<MetricFamilySamples> families) {
        Utf8Sink out =
                new Utf8Sink(families.stream().mapToInt(f -> f.samples.size()).sum() * 80 + 1024);
        try {
            TextFormat.writeFormat(contentType, out, Collections.enumeration(families));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a Utf8Sink never throws
        }
        return out.bytesWithout(EOF.getBytes(StandardCharsets.US_ASCII));
    }
}
