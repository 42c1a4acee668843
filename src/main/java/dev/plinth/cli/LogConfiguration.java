package dev.plinth.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import org.slf4j.Logger;

import java.util.List;

/**
 * Plinth's logging set-up, made in code when Logback starts: text lines on stderr (stdout carries the commands'
 * own output), through one writer thread. Logback finds it through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/ch.qos.logback.classic.spi.Configurator}) ahead of its XML configurator. Built in
 * code rather than read from a {@code logback.xml} because reading the XML (a SAX parser and Logback's Joran
 * model) was the largest single part of {@code plinth serve}'s start-up after the JVM's own (docs/benchmarks.md,
 * "Start-up"). Source: Logback manual, chapter 3, "Configuration" (the {@code Configurator} service and
 * {@code ConfiguratorRank}).
 *
 * <p>A configuration file still wins: with {@code -Dlogback.configurationFile=…}, or a {@code logback-test.xml}
 * on the class path (Plinth's own tests), this steps aside and Logback reads the file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    /** The text line: time with offset, level, logger, the request id of the MDC ({@code -} outside requests), message. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{30} [%X{request_id:--}] %msg%n";

    /**
     * Request threads hand their lines to one writer thread through a ring buffer (LMAX Disruptor, in
     * logstash-logback-encoder); with the "sleeping" wait strategy a request never wakes the writer, which looks
     * for lines every 10 ms. Writing from the request's own thread, or waking the writer for every line (Logback's
     * AsyncAppender), cost a third of get-by-id's throughput (docs/benchmarks.md, finding 15).
     */
    static final String WAIT_STRATEGY = "sleeping{0,10000000}";

    /** Libraries whose INFO lines say nothing a Plinth user acts on. */
    private static final List<String> QUIET = List.of("org.jooq", "com.zaxxer.hikari", "org.eclipse.jetty", "io.javalin");

    /** Logback instantiates it through the service loader. */
    public LogConfiguration() {
    }

    /**
     * Sets up the context, unless a configuration file is asked for.
     *
     * @param context the context Logback is starting
     * @return {@code DO_NOT_INVOKE_NEXT_IF_ANY} when it set the context up; {@code INVOKE_NEXT_IF_ANY} when a
     *         configuration file is there for Logback's own configurator to read
     */
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        for (String name : QUIET) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(writer(context, encoder, "ASYNC"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Builds the started appender every line goes through: the Disruptor's writer thread, then stderr through a
     * buffer it flushes after every batch ({@link BufferedStderrAppender}). A full ring (8192 lines) makes a
     * request wait up to 1 s before its line is dropped.
     *
     * @param context the logger context
     * @param encoder the started encoder that turns an event into bytes (text or JSON)
     * @param name    the appender's name
     * @return the started appender, to attach to the root logger
     */
    static LoggingEventAsyncDisruptorAppender writer(LoggerContext context, Encoder<ILoggingEvent> encoder, String name) {
        BufferedStderrAppender<ILoggingEvent> console = new BufferedStderrAppender<>();
        console.setContext(context);
        console.setName(name + "-STDERR");
        console.setImmediateFlush(false);
        console.setEncoder(encoder);
        console.start();
        LoggingEventAsyncDisruptorAppender async = new LoggingEventAsyncDisruptorAppender();
        async.setContext(context);
        async.setName(name);
        async.setWaitStrategyType(WAIT_STRATEGY);
        async.setAppendTimeout(ch.qos.logback.core.util.Duration.buildBySeconds(1));
        async.addAppender(console);
        async.start();
        return async;
    }
}
