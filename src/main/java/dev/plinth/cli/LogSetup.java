package dev.plinth.cli;

import ch.qos.logback.classic.LoggerContext;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The format of Plinth's log on stderr ({@code plinth serve --log-format}): {@code text}, the lines of
 * {@link LogConfiguration}, or {@code json}, one JSON object per line for log shippers, written by
 * logstash-logback-encoder's {@link LogstashEncoder} ({@code @timestamp}, {@code level}, {@code logger_name},
 * {@code message}, the MDC's {@code request_id}, an access line's own fields, and {@code stack_trace} for
 * errors). Source: logstash-logback-encoder's README, "Standard Fields"
 * (https://github.com/logfellow/logstash-logback-encoder#standard-fields).
 */
enum LogSetup {
    /** Text lines, as {@link LogConfiguration} sets up. */
    TEXT,
    /** One JSON object per line. */
    JSON;

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

    /** Applies the format to the process's logging (Logback); text leaves {@link LogConfiguration}'s set-up as it is. */
    void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        root.detachAndStopAllAppenders();
        root.addAppender(LogConfiguration.writer(context, encoder, "ASYNC-JSON"));
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
