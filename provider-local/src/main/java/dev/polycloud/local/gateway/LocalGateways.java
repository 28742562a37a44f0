package dev.polycloud.local.gateway;

import dev.polycloud.local.LocalCloudProvider;
import dev.polycloud.local.functions.LocalFunctionRuntime;
import dev.polycloud.local.internal.LocalSettings;

import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.spi.GatewayDriver;
import dev.polycloud.spi.GatewayDrivers;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateways of one local cloud, each a {@link LocalGatewayServer} once deployed.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class LocalGateways implements GatewayDrivers, AutoCloseable {

    private final LocalFunctionRuntime runtime;
    private final LocalSettings settings;
    private final Map<String, LocalGatewayServer> servers = new ConcurrentHashMap<>();

    public LocalGateways(LocalFunctionRuntime runtime, LocalSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public GatewayDriver gateway(String name) {
        return new GatewayDriver() {
            @Override
            public URI deploy(GatewaySpec spec) {
                LocalGatewayServer server = servers.compute(name, (n, existing) -> {
                    if (existing != null) {
                        existing.update(spec);
                        return existing;
                    }
                    return new LocalGatewayServer(n, spec, runtime, settings.gatewayPort(),
                            settings.gatewayMaxBodyBytes());
                });
                return server.uri();
            }

            @Override
            public Optional<GatewaySpec> describe() {
                return Optional.ofNullable(servers.get(name)).map(LocalGatewayServer::spec);
            }

            @Override
            public Optional<URI> uri() {
                return Optional.ofNullable(servers.get(name)).map(LocalGatewayServer::uri);
            }

            @Override
            public void delete() {
                LocalGatewayServer server = servers.remove(name);
                if (server == null) {
                    throw new CloudException(ErrorCode.NOT_FOUND, "Gateway '" + name + "' is not deployed",
                            LocalCloudProvider.ID, "gateway " + name, null);
                }
                server.close();
            }
        };
    }

    @Override
    public void close() {
        servers.values().forEach(LocalGatewayServer::close);
        servers.clear();
    }
}
