package dev.polycloud.benchmarks;

import dev.polycloud.Cloud;
import dev.polycloud.Polycloud;
import dev.polycloud.PolycloudConfig;
import dev.polycloud.function.FunctionSpec;
import dev.polycloud.gateway.GatewaySpec;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves the same echo twice on 127.0.0.1 for {@code wrk}: through a local Polycloud gateway
 * (route {@code GET|POST /items/{id}} to {@link GatewayEchoHandler}) and through a bare Jetty 12
 * handler that parses the path parameter and echoes the body itself. Prints
 * {@code polycloud <uri>} and {@code jetty <uri>}, then serves until standard input closes.
 * {@code benchmarks/run.sh} drives {@code wrk} against both, interleaved.
 */
public final class GatewayBench {

    private GatewayBench() {
    }

    /**
     * Starts both servers.
     *
     * @param args unused
     * @throws Exception when a server cannot start
     */
    public static void main(String[] args) throws Exception {
        try (Cloud cloud = Polycloud.open(PolycloudConfig.builder().provider("local").build())) {
            cloud.functions().deploy(FunctionSpec.builder("echo", GatewayEchoHandler.class).build());
            URI gateway = cloud.gateway("bench").deploy(GatewaySpec.builder()
                    .route("GET /items/{id}", "echo").route("POST /items/{id}", "echo").build());
            Server jetty = bareJetty();
            System.out.println("polycloud " + gateway);
            System.out.println("jetty http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort()
                    + "/");
            System.out.flush();
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // serve until stdin closes
                }
            }
            jetty.stop();
        }
    }

    /** A bare Jetty 12 server with the gateway's thread pool and connector settings and the same echo. */
    private static Server bareJetty() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(400, 8);
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(512);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                if (!path.startsWith("/items/")) {
                    response.setStatus(404);
                    callback.succeeded();
                    return true;
                }
                String id = path.substring("/items/".length());
                if ("POST".equals(request.getMethod())) {
                    byte[] body;
                    try (InputStream in = Content.Source.asInputStream(request)) {
                        body = in.readAllBytes();
                    }
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                    response.write(true, ByteBuffer.wrap(body), callback);
                } else {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                    response.write(true, ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)), callback);
                }
                return true;
            }
        });
        server.start();
        return server;
    }
}
