package dev.plinth.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.util.List;

/**
 * A logback {@link ListAppender} for tests that read the captured events from another thread.
 *
 * <p>Logback fills an event's MDC map lazily, from the MDC of the thread that first asks for it
 * ({@code LoggingEvent.getMDCPropertyMap}); a test thread that read an event before any appender on the
 * logging thread had asked would see its own, empty MDC. So each event is prepared for deferred processing
 * on the logging thread before it is listed (logback manual, "Appenders": AsyncAppender does the same).
 * {@link #events} reads them under the same lock as {@link #append} lists them.
 */
public final class CapturedEvents extends ListAppender<ILoggingEvent> {

    /**
     * Fixes the event's MDC and message on the logging thread, then lists it.
     *
     * @param event the event being appended
     */
    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        synchronized (list) {
            super.append(event);
        }
    }

    /**
     * Returns the events listed so far, in order.
     *
     * @return a copy, safe to read while more events arrive
     */
    public List<ILoggingEvent> events() {
        synchronized (list) {
            return List.copyOf(list);
        }
    }
}
