package dev.plinth.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The format of Plinth's log on stderr ({@code plinth serve --log-format}): {@code text}, the lines of
 * {@code logback.xml}, or {@code json}, one JSON object per line for log shippers, written by
 * logstash-logback-encoder's {@link LogstashEncoder} ({@code @timestamp}, {@code level}, {@code logger_name},
 * {@code message}, the MDC's {@code request_id}, an access line's own fields, and {@code stack_trace} for
 * errors). Source: logstash-logback-encoder's README, "Standard Fields"
 * (https://github.com/logfellow/logstash-logback-encoder#standard-fields).
 */
enum LogSetup {
    /** Text lines, as configured in {@code logback.xml}. */
    TEXT,
    /** One JSON object per line. */
    JSON;

    /** The writer thread looks for lines every 10 ms and is never woken by a request, as in {@code logback.xml}. */
    private static final String WAIT_STRATEGY = "sleeping{0,10000000}";

    /**
     * Reads a format name.
     *
     * @param name {@code text} or {@code json}, in any case
     * @return the format
     * @throws IllegalArgumentException naming the valid values for anything else
     */
    static LogSetup of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("--log-format must be text or json, not \"" + name + "\"");
        };
    }

    /** Applies the format to the process's logging (Logback); text leaves {@code logback.xml}'s setup as it is. */
    void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        // as in logback.xml: stderr through a buffer flushed after every batch of lines
        BufferedStderrAppender<ILoggingEvent> console = new BufferedStderrAppender<>();
        console.setContext(context);
        console.setName("JSON");
        console.setImmediateFlush(false);
        console.setEncoder(encoder);
        console.start();
        // as in logback.xml: one writer thread that requests never wake
        LoggingEventAsyncDisruptorAppender async = new LoggingEventAsyncDisruptorAppender();
        async.setContext(context);
        async.setName("ASYNC-JSON");
        async.setWaitStrategyType(WAIT_STRATEGY);
        async.setAppendTimeout(ch.qos.logback.core.util.Duration.buildBySeconds(1));
        async.addAppender(console);
        async.start();
        root.detachAndStopAllAppenders();
        root.addAppender(async);
    }

    /**
     * Writes out the lines still queued for the writer thread and stops logging; {@code plinth serve}
     * calls it last when it stops, so the lines of the final requests are not lost with the process.
     */
    static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
