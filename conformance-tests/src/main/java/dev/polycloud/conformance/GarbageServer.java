package dev.polycloud.conformance;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server on a free loopback port that answers every request with a success status and a
 * complete body (with a correct {@code Content-Length}) that cannot be parsed: {@value #JSON} with the
 * request's JSON content type, or {@value #XML} with {@code application/xml} when the client asks for XML
 * (its {@code Accept} or {@code Content-Type} says XML, or it sends a form, as the AWS query protocol
 * does). The status is 200 for {@code GET} and {@code HEAD}, 201 for everything else (what Azure Storage
 * expects of a create or an insert; the AWS SDK takes any 2xx). A gRPC client's HTTP/2 connection preface
 * ({@code PRI * HTTP/2.0}) gets the same HTTP/1.1 answer, which is not HTTP/2. It counts the HTTP/1.x
 * requests it answered, so a test can prove that a call was not retried, and apart from them the HTTP/2
 * prefaces.
 *
 * <p>Written on a plain {@link ServerSocket} (one thread per connection, keep-alive, {@code Content-Length}
 * and chunked request bodies, {@code Expect: 100-continue}) so that every attempt of every client is counted.
 * Thread-safe. Started by {@link #start()}, stopped by {@link #close()}.
 */
public final class GarbageServer implements AutoCloseable {

    /** The JSON body: a complete answer with a member that has no value (like moto's answer for an empty map key). */
    public static final String JSON = "{\"broken\": }";
    /**
     * The XML body: a complete answer whose first start tag is malformed (an attribute without a value), so the
     * XML parser itself fails, before a client can compare element names. (Neither body ends inside the document:
     * a parser failing at the end of its input may be reading a body cut short, a network failure.)
     */
    public static final String XML = "<?xml version=\"1.0\" encoding=\"utf-8\"?><broken a=></broken>";

    /** How many bytes a cut-short answer promises and does not send. */
    private static final int CUT_BYTES = 100;

    private static final Logger LOG = LoggerFactory.getLogger(GarbageServer.class);

    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger prefaces = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean cutShort = new AtomicBoolean();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private GarbageServer(ServerSocket server) {
        this.server = server;
    }

    /**
     * Starts a server on a free port of 127.0.0.1.
     *
     * @return the running server
     * @throws UncheckedIOException when no port can be bound
     */
    public static GarbageServer start() {
        try {
            GarbageServer garbage = new GarbageServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread t = new Thread(garbage::acceptForever, "polycloud-garbage-server");
            t.setDaemon(true);
            t.start();
            return garbage;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread t = new Thread(() -> serve(socket), "polycloud-garbage-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                Map<String, String> headers = new HashMap<>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    if (colon > 0) {
                        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                    }
                }
                String method = requestLine.split(" ", 2)[0];
                boolean http2 = method.equals("PRI");
                if (!http2) {
                    if (headers.getOrDefault("expect", "").equalsIgnoreCase("100-continue")) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    skipBody(in, headers);
                }
                (http2 ? prefaces : requests).incrementAndGet();
                boolean cut = cutShort.get();
                answer(out, method, headers, cut);
                if (cut || http2 || headers.getOrDefault("connection", "").equalsIgnoreCase("close")) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.trace("garbage server connection ended", e);
        } finally {
            open.remove(socket);
        }
    }

    private static void answer(OutputStream out, String method, Map<String, String> headers, boolean cut)
            throws IOException {
        String accept = headers.getOrDefault("accept", "").toLowerCase(Locale.ROOT);
        String sent = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        boolean xml = accept.contains("xml") || sent.contains("xml") || sent.contains("x-www-form-urlencoded");
        String type = xml ? "application/xml" : sent.contains("json") ? sent.split(";")[0].trim()
                : accept.contains("json") ? accept.split("[;,]")[0].trim() : "application/json";
        // Cut short, the body is a valid beginning of any JSON or XML document (white space): the only failure
        // left for the client is the end of the connection before the promised length.
        byte[] body = cut ? " ".repeat(CUT_BYTES).getBytes(StandardCharsets.US_ASCII)
                : (xml ? XML : JSON).getBytes(StandardCharsets.UTF_8);
        int status = method.equals("GET") || method.equals("HEAD") ? 200 : 201;
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Created") + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + (cut ? body.length + CUT_BYTES : body.length) + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (!method.equals("HEAD")) {
            out.write(body);
        }
        out.flush();
    }

    private static void skipBody(InputStream in, Map<String, String> headers) throws IOException {
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = line(in);
                if (size == null) {
                    throw new EOFException("chunked body ended early");
                }
                int semicolon = size.indexOf(';');
                long n = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (n == 0) {
                    for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                        // trailers are ignored
                    }
                    return;
                }
                skip(in, n);
                line(in);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            skip(in, Long.parseLong(length.trim()));
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("body ended early");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** A CRLF- (or LF-) terminated line in ISO-8859-1, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = b.length();
                return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /**
     * Switches to answers cut short, or back: when on, every answer is {@value #CUT_BYTES} spaces (a valid
     * beginning of a JSON or XML document) while its {@code Content-Length} promises twice as much, then the
     * server closes the connection. The client sees a body that ended early, a network failure, not a response
     * it cannot parse.
     *
     * @param on true to cut answers short
     */
    public void cutShort(boolean on) {
        cutShort.set(on);
    }

    /**
     * The port.
     *
     * @return the port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * {@code http://127.0.0.1:<port>}.
     *
     * @return the endpoint
     */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * How many HTTP/1.x requests the server has answered since it started.
     *
     * @return the count
     */
    public int requests() {
        return requests.get();
    }

    /**
     * How many HTTP/2 connection prefaces (gRPC connection attempts) the server has answered since it started.
     * Kept apart from {@link #requests()}: a gRPC channel reconnects in the background, independently of calls.
     *
     * @return the count
     */
    public int http2Prefaces() {
        return prefaces.get();
    }

    /** Stops the server and closes its connections. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the garbage server", e);
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.trace("closing a garbage server connection", e);
            }
        }
    }

    @Override
    public String toString() {
        return "GarbageServer[" + endpoint() + ", " + requests() + " requests, " + http2Prefaces() + " HTTP/2 prefaces]";
    }
}
