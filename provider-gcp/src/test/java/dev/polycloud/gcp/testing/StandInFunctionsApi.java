package dev.polycloud.gcp.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.functions.v2.CreateFunctionRequest;
import com.google.cloud.functions.v2.DeleteFunctionRequest;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceGrpc;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.functions.v2.GenerateUploadUrlRequest;
import com.google.cloud.functions.v2.GenerateUploadUrlResponse;
import com.google.cloud.functions.v2.GetFunctionRequest;
import com.google.cloud.functions.v2.ListFunctionsRequest;
import com.google.cloud.functions.v2.ListFunctionsResponse;
import com.google.cloud.functions.v2.OperationMetadata;
import com.google.cloud.functions.v2.StorageSource;
import com.google.cloud.functions.v2.UpdateFunctionRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.FieldMaskUtil;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the Cloud Functions API (v2), for tests only: Cloud Functions has no emulator, so
 * this in-process gRPC service answers the real client library ({@code FunctionServiceClient}) the
 * way the API is documented to, and hands each deployed function to a {@link Deployer}, which serves
 * it (under the Functions Framework invoker) and returns its URL.
 *
 * <p>It keeps what it received (uploaded archives, create and update requests) so that tests can
 * check the requests the driver builds. Operations complete at once. It is not Cloud Functions:
 * builds, IAM, quotas and the platform's own checks are not reproduced.
 */
public final class StandInFunctionsApi implements AutoCloseable {

    /** Serves deployed functions. */
    public interface Deployer {

        /**
         * A function was created or updated.
         *
         * @param function the function as stored (environment, memory, timeout...)
         * @param archive the source archive uploaded for it
         * @return the URL the function is served at
         */
        String deployed(Function function, byte[] archive);

        /**
         * A function was deleted.
         *
         * @param name its resource name
         */
        void deleted(String name);
    }

    private final String serverName = "stand-in-functions-" + UUID.randomUUID();
    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final List<Message> requests = new CopyOnWriteArrayList<>();
    private final Deployer deployer;
    private final Server server;
    private final HttpServer uploadServer;

    /**
     * Starts the stand-in.
     *
     * @param deployer serves what is deployed
     */
    public StandInFunctionsApi(Deployer deployer) {
        this.deployer = deployer;
        try {
            this.uploadServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            uploadServer.createContext("/upload/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    String type = exchange.getRequestHeaders().getFirst("Content-Type");
                    int status;
                    if (!"PUT".equals(exchange.getRequestMethod())) {
                        status = 405;
                    } else if (!"application/zip".equals(type)) {
                        // A signed upload URL of Cloud Storage is signed for this content type.
                        status = 403;
                    } else {
                        uploads.put(exchange.getRequestURI().getPath().substring("/upload/".length()), body);
                        status = 200;
                    }
                    exchange.sendResponseHeaders(status, -1);
                } finally {
                    exchange.close();
                }
            });
            uploadServer.start();
            this.server = InProcessServerBuilder.forName(serverName).addService(new Service()).directExecutor().build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Client settings that reach this stand-in (a new in-process channel each time, closed with the client).
     *
     * @return the settings
     */
    public FunctionServiceSettings settings() {
        ManagedChannel channel = InProcessChannelBuilder.forName(serverName).directExecutor().build();
        try {
            return FunctionServiceSettings.newBuilder()
                    .setTransportChannelProvider(FixedTransportChannelProvider.create(
                            GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The requests received so far, oldest first.
     *
     * @param type the request type, such as {@link CreateFunctionRequest}
     * @param <T> the type
     * @return the requests of that type
     */
    public <T extends Message> List<T> requests(Class<T> type) {
        List<T> out = new ArrayList<>();
        requests.forEach(r -> {
            if (type.isInstance(r)) {
                out.add(type.cast(r));
            }
        });
        return out;
    }

    /**
     * An uploaded archive.
     *
     * @param source where it was uploaded
     * @return its bytes, or null
     */
    public byte[] upload(StorageSource source) {
        return uploads.get(source.getObject());
    }

    /**
     * A function as stored.
     *
     * @param name its resource name
     * @return it, or null
     */
    public Function function(String name) {
        return functions.get(name);
    }

    @Override
    public void close() {
        server.shutdownNow();
        uploadServer.stop(0);
    }

    private final class Service extends FunctionServiceGrpc.FunctionServiceImplBase {

        @Override
        public void generateUploadUrl(GenerateUploadUrlRequest request,
                                      StreamObserver<GenerateUploadUrlResponse> observer) {
            requests.add(request);
            String object = "uploads/" + UUID.randomUUID() + ".zip";
            observer.onNext(GenerateUploadUrlResponse.newBuilder()
                    .setUploadUrl("http://127.0.0.1:" + uploadServer.getAddress().getPort() + "/upload/" + object)
                    .setStorageSource(StorageSource.newBuilder().setBucket("gcf-v2-uploads-stand-in").setObject(object))
                    .build());
            observer.onCompleted();
        }

        @Override
        public void createFunction(CreateFunctionRequest request, StreamObserver<Operation> observer) {
            requests.add(request);
            String name = request.getParent() + "/functions/" + request.getFunctionId();
            if (!request.getFunction().getName().isEmpty() && !request.getFunction().getName().equals(name)) {
                observer.onError(Status.INVALID_ARGUMENT.withDescription("function.name " + request.getFunction()
                        .getName() + " does not match " + name).asRuntimeException());
                return;
            }
            if (functions.containsKey(name)) {
                observer.onError(Status.ALREADY_EXISTS.withDescription("Function " + name + " already exists")
                        .asRuntimeException());
                return;
            }
            store(name, request.getFunction(), observer);
        }

        @Override
        public void updateFunction(UpdateFunctionRequest request, StreamObserver<Operation> observer) {
            requests.add(request);
            String name = request.getFunction().getName();
            Function existing = functions.get(name);
            if (existing == null) {
                observer.onError(Status.NOT_FOUND.withDescription("Function " + name + " does not exist")
                        .asRuntimeException());
                return;
            }
            Function.Builder merged = existing.toBuilder();
            if (request.hasUpdateMask()) {
                FieldMaskUtil.merge(request.getUpdateMask(), request.getFunction(), merged,
                        new FieldMaskUtil.MergeOptions().setReplaceRepeatedFields(true)
                                .setReplaceMessageFields(false).setReplacePrimitiveFields(true));
            } else {
                merged = request.getFunction().toBuilder();
            }
            store(name, merged.build(), observer);
        }

        private void store(String name, Function requested, StreamObserver<Operation> observer) {
            if (!requested.getBuildConfig().getRuntime().startsWith("java")) {
                observer.onError(Status.INVALID_ARGUMENT.withDescription("runtime must be a Java runtime")
                        .asRuntimeException());
                return;
            }
            byte[] archive = uploads.get(requested.getBuildConfig().getSource().getStorageSource().getObject());
            if (archive == null) {
                observer.onError(Status.INVALID_ARGUMENT.withDescription("the source archive "
                        + requested.getBuildConfig().getSource().getStorageSource() + " was not uploaded")
                        .asRuntimeException());
                return;
            }
            Function stored = requested.toBuilder().setName(name).setState(Function.State.ACTIVE)
                    .setUpdateTime(now()).build();
            String url;
            try {
                url = deployer.deployed(stored, archive);
            } catch (RuntimeException e) {
                observer.onError(Status.FAILED_PRECONDITION.withDescription("Build failed: " + e.getMessage())
                        .asRuntimeException());
                return;
            }
            stored = stored.toBuilder().setUrl(url)
                    .setServiceConfig(stored.getServiceConfig().toBuilder().setUri(url)).build();
            functions.put(name, stored);
            observer.onNext(done(name, Any.pack(stored)));
            observer.onCompleted();
        }

        @Override
        public void getFunction(GetFunctionRequest request, StreamObserver<Function> observer) {
            requests.add(request);
            Function f = functions.get(request.getName());
            if (f == null) {
                observer.onError(Status.NOT_FOUND.withDescription("Function " + request.getName()
                        + " does not exist").asRuntimeException());
                return;
            }
            observer.onNext(f);
            observer.onCompleted();
        }

        @Override
        public void listFunctions(ListFunctionsRequest request, StreamObserver<ListFunctionsResponse> observer) {
            requests.add(request);
            ListFunctionsResponse.Builder response = ListFunctionsResponse.newBuilder();
            functions.values().stream().filter(f -> f.getName().startsWith(request.getParent() + "/functions/"))
                    .forEach(response::addFunctions);
            observer.onNext(response.build());
            observer.onCompleted();
        }

        @Override
        public void deleteFunction(DeleteFunctionRequest request, StreamObserver<Operation> observer) {
            requests.add(request);
            if (functions.remove(request.getName()) == null) {
                observer.onError(Status.NOT_FOUND.withDescription("Function " + request.getName()
                        + " does not exist").asRuntimeException());
                return;
            }
            deployer.deleted(request.getName());
            observer.onNext(done(request.getName(), Any.pack(Empty.getDefaultInstance())));
            observer.onCompleted();
        }

        private Operation done(String target, Any response) {
            return Operation.newBuilder()
                    .setName(target.substring(0, target.indexOf("/functions/")) + "/operations/" + UUID.randomUUID())
                    .setDone(true)
                    .setMetadata(Any.pack(OperationMetadata.newBuilder().setTarget(target).setCreateTime(now())
                            .setEndTime(now()).build()))
                    .setResponse(response)
                    .build();
        }
    }

    private static Timestamp now() {
        Instant n = Instant.now();
        return Timestamp.newBuilder().setSeconds(n.getEpochSecond()).setNanos(n.getNano()).build();
    }
}
