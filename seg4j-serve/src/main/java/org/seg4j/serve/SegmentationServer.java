package org.seg4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.seg4j.BadInputException;
import org.seg4j.box.ScoredBox;
import org.seg4j.image.RgbImage;
import org.seg4j.nn.infer.Prediction;
import org.seg4j.nn.localize.DetectionsJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * seg4j's HTTP service on Javalin (Jetty 12): segmentation and localization models behind a JSON/PNG API with dynamic
 * batching, Prometheus metrics, an OpenAPI document and a web page. Every refused request gets a 4xx with
 * {@code {"error": CODE, "detail": TEXT}} and one log line; an unexpected failure gets a 500 with a generic body
 * (the stack trace goes to the log only). {@link #close()} stops gracefully: the server stops accepting, answers the
 * requests in flight, then frees the models.
 *
 * <pre>{@code
 * try (SegmentationServer server = SegmentationServer.start(
 *         List.of(ModelSource.parse("models/camvid-unet.seg4j")), null, ServerSettings.defaults())) {
 *     ... // POST http://127.0.0.1:8080/models/camvid-unet/segment
 * }
 * }</pre>
 */
public final class SegmentationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentationServer.class);
    /** How long {@link #close()} waits for requests in flight. */
    private static final long STOP_TIMEOUT_MILLIS = 60_000;
    /** How long a connection may stay silent, e.g. while its request waits in a full queue. */
    private static final long IDLE_TIMEOUT_MILLIS = 300_000;
    private static final String ERROR_ATTRIBUTE = "seg4j.error";
    private static final String WEB = "/org/seg4j/serve/web/";

    private final ServerSettings settings;
    private final ServerMetrics metrics = new ServerMetrics();
    private final ImageUpload uploads;
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final Map<String, ServedLocalizer> localizers = new LinkedHashMap<>();
    private final Javalin app;
    private volatile boolean ready;

    private SegmentationServer(ServerSettings settings) {
        this.settings = settings;
        this.uploads = new ImageUpload(settings.maxUploadBytes(), settings.maxImagePixels());
        this.app = Javalin.create(this::configure);
    }

    /**
     * Starts listening, then loads the models ({@code GET /health} answers 503 until they are loaded) and returns.
     *
     * @param localizer a localizer model served at {@code /models/NAME/localize}, or null
     * @throws BadInputException if a model file cannot be opened or two models share a name (the server is stopped)
     */
    public static SegmentationServer start(List<ModelSource> segmentation, ModelSource localizer,
            ServerSettings settings) {
        SegmentationServer server = new SegmentationServer(settings);
        server.app.start();
        try {
            for (ModelSource source : segmentation) {
                server.requireNewName(source);
                server.models.put(source.name(), ServedModel.open(source.name(), source.file(), settings,
                        server.metrics));
            }
            if (localizer != null) {
                server.requireNewName(localizer);
                server.localizers.put(localizer.name(), ServedLocalizer.open(localizer.name(), localizer.file(),
                        settings, server.metrics));
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.ready = true;
        return server;
    }

    private void requireNewName(ModelSource source) {
        if (models.containsKey(source.name()) || localizers.containsKey(source.name())) {
            throw new BadInputException(source.file(), "a model named '" + source.name() + "' is already loaded; "
                    + "name it with NAME=FILE");
        }
    }

    /** The port the server listens on (the one chosen by the system when the settings ask for port 0). */
    public int port() {
        return app.port();
    }

    /** The routes the server has, as "METHOD PATH", in the order they were added. */
    List<String> routes() {
        return List.copyOf(routes);
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            // a request may wait for the queue ahead of it with its connection silent: Jetty's default 30 s
            // would cut it
            connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
            return connector;
        });
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.maxUploadBytes();
        config.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.modifyServer(server -> {
            // Jetty 12 stops gracefully (stops accepting, waits for requests in flight) through a GracefulHandler
            server.insertHandler(new GracefulHandler());
            server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        });
        config.staticFiles.add(files -> {
            files.hostedPath = "/assets";
            files.directory = WEB + "assets";
            files.location = Location.CLASSPATH;
        });
        config.events.handlerAdded(info -> routes.add(info.getHttpMethod() + " " + info.getPath()));
        config.requestLogger.http((ctx, millis) -> metrics.request(ctx.method().name(), route(ctx), ctx.statusCode(),
                ctx.attribute(ERROR_ATTRIBUTE), millis / 1000.0));
        config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("index.html")));
        config.routes.get("/health", this::health);
        config.routes.get("/models", this::listModels);
        config.routes.post("/models/{name}/segment", this::segment);
        config.routes.post("/models/{name}/localize", this::localize);
        config.routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
        config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(
                resource("openapi.json")));
        config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.error(), e.detail()));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                switch (e.getStatus()) {
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    case 413 -> "upload_too_large";
                    default -> "bad_request";
                }, e.getStatus() == 404 ? "no route " + ctx.method() + " " + ctx.path() + "; see /openapi.json"
                        : e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {}: internal error", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "internal server error; the server log has the details");
        });
    }

    private void health(Context ctx) {
        requireReady();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("status", "ok");
        ArrayNode names = o.putArray("models");
        models.keySet().forEach(names::add);
        localizers.keySet().forEach(names::add);
        json(ctx, o);
    }

    private void listModels(Context ctx) {
        requireReady();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode list = o.putArray("models");
        models.values().forEach(m -> list.add(ModelDescriptions.of(m.name(), "segmentation", m.card())));
        localizers.values().forEach(l -> list.add(ModelDescriptions.of(l.name(), "localization", l.model().card())));
        json(ctx, o);
    }

    private void segment(Context ctx) {
        requireReady();
        long t0 = System.nanoTime();
        String name = ctx.pathParam("name");
        ServedModel model = loaded(models, name, "segmentation model");
        SegmentQuery query = SegmentQuery.parse(ctx.queryParamMap());
        Prediction prediction;
        try (Admission.Place place = enter(model.admission(), ctx)) {
            RgbImage image = uploads.read(ctx);
            prediction = await(model.segment(image, query.inference(), query.format() == SegmentQuery.Format.NPY));
        }
        SegmentResponse response = SegmentResponse.of(query.format(), name, model.model().labels(), prediction,
                serverTiming(ctx, t0));
        ctx.contentType(response.contentType()).result(response.body());
    }

    private void localize(Context ctx) {
        requireReady();
        long t0 = System.nanoTime();
        ServedLocalizer localizer = loaded(localizers, ctx.pathParam("name"), "localizer");
        if (!ctx.queryParamMap().isEmpty()) {
            throw ApiException.badParameter("localize takes no query parameters, got " + ctx.queryParamMap().keySet());
        }
        try (Admission.Place place = enter(localizer.admission(), ctx)) {
            RgbImage image = uploads.read(ctx);
            List<ScoredBox> detections = await(localizer.localize(image));
            serverTiming(ctx, t0);
            json(ctx, DetectionsJson.of("upload", image.width(), image.height(), detections,
                    localizer.model().card().labels()));
        }
    }

    private void requireReady() {
        if (!ready) {
            throw new ApiException(503, "loading", "the models are still loading");
        }
    }

    /** A place for the request, or its body read and dropped and a 503. */
    private Admission.Place enter(Admission admission, Context ctx) {
        try {
            return admission.enter();
        } catch (ApiException e) {
            uploads.discard(ctx);
            throw e;
        }
    }

    /** The model named {@code name} among {@code loaded}, or a 404 {@code unknown_model}. */
    private static <T> T loaded(Map<String, T> loaded, String name, String kind) {
        T model = loaded.get(name);
        if (model == null) {
            throw ApiException.notFound("unknown_model", "no " + kind + " named '" + name + "'; loaded: "
                    + loaded.keySet());
        }
        return model;
    }

    /** Sets the {@code Server-Timing} header to the time since {@code t0}; returns it in milliseconds. */
    private static double serverTiming(Context ctx, long t0) {
        double millis = (System.nanoTime() - t0) / 1e6;
        ctx.header("Server-Timing", String.format(Locale.ROOT, "total;dur=%.1f", millis));
        return millis;
    }

    /** The result of a queued job; a failed batch is an internal error. */
    private static <T> T await(CompletableFuture<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for inference", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("inference failed", e.getCause());
        }
    }

    private void error(Context ctx, int status, String error, String detail) {
        ctx.attribute(ERROR_ATTRIBUTE, error);
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        if (error.equals("upload_too_large")) {
            // the rest of the body is left unread: the connection cannot carry another request
            ctx.header("Connection", "close");
        } else {
            // a request refused before its body was read (a bad query, an unknown model): read and drop the body so
            // the client, still sending, reads the refusal instead of a connection closed under it
            uploads.discard(ctx);
        }
        if (status < 500) {
            LOG.warn("{} {} -> {} {}: {}", ctx.method(), ctx.path(), status, error, detail);
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("error", error);
        o.put("detail", detail);
        ctx.status(status);
        json(ctx, o);
    }

    private static void json(Context ctx, ObjectNode o) {
        ctx.contentType("application/json").result(o.toString());
    }

    /** The route template a request matched, for metrics; "unmatched" when it matched none. */
    private static String route(Context ctx) {
        try {
            String path = ctx.endpoint().path;
            return path == null || path.isEmpty() || path.equals("*") ? "unmatched" : path;
        } catch (RuntimeException e) {
            return ctx.path().startsWith("/assets/") ? "/assets" : "unmatched";
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = SegmentationServer.class.getResourceAsStream(WEB + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + WEB + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops accepting requests, answers those in flight, then finishes the queues and frees the models. */
    @Override
    public void close() {
        app.stop();
        models.values().forEach(ServedModel::close);
        localizers.values().forEach(ServedLocalizer::close);
    }
}
