package dev.polycloud.gcp.gateway;

import dev.polycloud.gcp.functions.FunctionUrls;
import dev.polycloud.gcp.internal.GcpFunctionSettings;
import dev.polycloud.gcp.internal.GcpSettings;
import dev.polycloud.gcp.internal.LazyClient;

import com.google.cloud.apigateway.v1.ApiGatewayServiceClient;
import dev.polycloud.spi.GatewayDriver;
import dev.polycloud.spi.GatewayDrivers;
import java.time.Duration;

/**
 * The gateway drivers of one {@code Cloud}, sharing one API Gateway client (created on first use).
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class ApiGateways implements GatewayDrivers, AutoCloseable {

    private final GcpSettings settings;
    private final GcpFunctionSettings functions;
    private final LazyClient<ApiGatewayServiceClient> client;
    private final FunctionUrls urls;
    private final Duration defaultTimeout;

    public ApiGateways(GcpSettings settings, GcpFunctionSettings functions, LazyClient<ApiGatewayServiceClient> client,
                FunctionUrls urls, Duration defaultTimeout) {
        this.settings = settings;
        this.functions = functions;
        this.client = client;
        this.urls = urls;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public GatewayDriver gateway(String name) {
        return new ApiGatewayDriver(name, settings, functions, client, urls, defaultTimeout);
    }

    @Override
    public void close() {
        client.close();
    }
}
