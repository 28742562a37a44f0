package dev.polycloud.local.blob;

import dev.polycloud.local.LocalCloudProvider;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.blob.GetOptions;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.spi.BlobDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the local provider's presigned URLs from an embedded Jetty on 127.0.0.1 (a free port), started on the
 * first presign of a cloud and stopped when the cloud closes. A URL is
 * {@code http://127.0.0.1:PORT/BUCKET/KEY?expires=EPOCH_SECONDS&signature=SIG}, where {@code KEY} is the key in
 * unpadded base64url (so any key, {@code /}, {@code %}, {@code ?} and {@code ..} included, is one plain path
 * segment) and {@code SIG} the unpadded base64url HMAC-SHA256 of method, bucket, key and expiry under a random
 * key made per cloud (never shown, never persisted: URLs die with the cloud).
 *
 * <p>Answers: a GET URL with {@code GET} streams the object (200, {@code Content-Type}, {@code ETag},
 * {@code Content-Length}); a PUT URL with {@code PUT} stores the body as the object, with the request's
 * {@code Content-Type} (200 and the {@code ETag}); 403 for a wrong or missing signature, a URL used with another
 * method, or an expired URL (expiry by the cloud's clock, so {@code LocalClock.advance} expires URLs too); 404
 * for a missing bucket or object; 400 for a malformed URL; 405 for other methods. Thread-safe.
 */
final class LocalPresignServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPresignServer.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Clock clock;
    private final Function<String, BlobDriver> buckets;
    private final byte[] signingKey = new byte[32];
    private final Server server;
    private final URI base;

    /**
     * Starts the server.
     *
     * @param clock the cloud's clock, for expiry
     * @param buckets the driver of a bucket by name
     * @throws CloudException UNAVAILABLE when no port can be bound
     */
    LocalPresignServer(Clock clock, Function<String, BlobDriver> buckets) {
        this.clock = clock;
        this.buckets = buckets;
        new SecureRandom().nextBytes(signingKey);
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("polycloud-presign");
        threads.setDaemon(true);
        this.server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new PresignHandler());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new CloudException(ErrorCode.UNAVAILABLE, "The presigned-URL server could not listen on 127.0.0.1: "
                    + e.getMessage(), LocalCloudProvider.ID, "presigned URLs", e);
        }
        this.base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
        LOG.debug("Presigned URLs served at {}", base);
    }

    /**
     * Signs a URL.
     *
     * @param bucket the bucket name
     * @param key the validated key
     * @param access the method the URL allows
     * @param ttl the validated lifetime
     * @return the URL
     */
    URI sign(String bucket, String key, BlobDriver.Access access, Duration ttl) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return base.resolve(bucket + "/" + B64.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + "?expires="
                + expires + "&signature=" + signature(access.name(), bucket, key, expires));
    }

    private String signature(String method, String bucket, String key, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal((method + "\n" + bucket + "\n" + key + "\n" + expires)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the presigned-URL server failed", e);
        }
    }

    /** A request that cannot be served, with its status. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    /** One URL's parts, checked. */
    private record Target(String method, String bucket, String key) {
    }

    private final class PresignHandler extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            try {
                Target target = check(request);
                if (target.method().equals("GET")) {
                    serveGet(target, response, callback);
                } else {
                    servePut(target, request, response, callback);
                }
            } catch (Refused r) {
                answer(response, callback, r.status, r.getMessage());
            } catch (CloudException e) {
                answer(response, callback, e.code() == ErrorCode.NOT_FOUND ? 404
                        : e.code() == ErrorCode.INVALID_ARGUMENT ? 400 : 500, e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Serving presigned URL {} failed", request.getHttpURI().getPath(), e);
                answer(response, callback, 500, "internal error");
            }
            return true;
        }

        private Target check(Request request) throws Refused {
            String method = request.getMethod().toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("PUT")) {
                throw new Refused(405, "presigned URLs allow GET or PUT");
            }
            String path = request.getHttpURI().getPath();
            String[] parts = path == null ? new String[0] : path.substring(1).split("/", -1);
            String expires = null;
            String signature = null;
            String query = request.getHttpURI().getQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("expires=")) {
                    expires = pair.substring(8);
                } else if (pair.startsWith("signature=")) {
                    signature = pair.substring(10);
                }
            }
            if (parts.length != 2 || parts[0].isEmpty()) {
                throw new Refused(400, "not a presigned URL of this cloud");
            }
            if (expires == null || signature == null) {
                throw new Refused(403, "the URL is not signed");
            }
            String key;
            long expiry;
            try {
                key = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
                expiry = Long.parseLong(expires);
            } catch (IllegalArgumentException e) {
                throw new Refused(403, "the signature does not match");
            }
            byte[] expected = signature(method, parts[0], key, expiry).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
                throw new Refused(403, "the signature does not match");
            }
            if (clock.instant().getEpochSecond() > expiry) {
                throw new Refused(403, "the URL has expired");
            }
            return new Target(method, parts[0], key);
        }

        private void serveGet(Target target, Response response, Callback callback) throws IOException {
            BlobDriver.Download download = buckets.apply(target.bucket()).get(target.key(), GetOptions.defaults());
            try (InputStream in = download.content()) {
                response.setStatus(200);
                download.info().contentType().ifPresent(t -> response.getHeaders().put(HttpHeader.CONTENT_TYPE, t));
                download.info().cacheControl().ifPresent(c -> response.getHeaders().put(HttpHeader.CACHE_CONTROL, c));
                response.getHeaders().put(HttpHeader.ETAG, download.info().etag());
                response.getHeaders().put(HttpHeader.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(download.info().lastModified().atOffset(java.time.ZoneOffset.UTC)));
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, download.info().size());
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // The response is committed: nothing to answer; the client went away or the write failed.
                    LOG.debug("Streaming {} of bucket {} to a presigned-URL client failed", target.key(),
                            target.bucket(), e);
                    callback.failed(e);
                    return;
                }
            }
            callback.succeeded();
        }

        private void servePut(Target target, Request request, Response response, Callback callback)
                throws IOException {
            PutOptions.Builder options = PutOptions.builder();
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (contentType != null && !contentType.isBlank()) {
                options.contentType(contentType);
            }
            String etag;
            try (InputStream in = Content.Source.asInputStream(request)) {
                etag = buckets.apply(target.bucket()).put(target.key(), in, -1, options.build()).etag();
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.ETAG, etag);
            response.write(true, ByteBuffer.allocate(0), callback);
        }

        private void answer(Response response, Callback callback, int status, String reason) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap((reason + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        }
    }
}
