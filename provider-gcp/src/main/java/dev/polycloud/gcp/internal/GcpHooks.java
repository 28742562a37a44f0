package dev.polycloud.gcp.internal;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.HeaderProvider;
import com.google.api.gax.rpc.StubSettings;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.firestore.FirestoreOptions;
import dev.polycloud.spi.ProviderContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Applies what the user supplied through {@code Polycloud.builder()} to every Google client settings builder
 * the drivers build from: a {@link CredentialsProvider}, a {@link TransportChannelProvider} and a
 * {@link HeaderProvider} (objects), then the customisers registered for the builder's type. Against an
 * emulator the credentials and channel stay the emulator's (plaintext, no credentials); the header provider
 * and customisers still apply.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class GcpHooks {

    private final ProviderContext context;

    public GcpHooks(ProviderContext context) {
        this.context = context;
    }

    /** No hooks: for settings built outside an opened cloud. */
    public static GcpHooks none() {
        return new GcpHooks(null);
    }

    public <B extends ClientSettings.Builder<?, ?>> B client(B builder, boolean emulator) {
        if (context == null) {
            return builder;
        }
        if (!emulator) {
            credentials().ifPresent(builder::setCredentialsProvider);
            transport().ifPresent(builder::setTransportChannelProvider);
        }
        context.use(HeaderProvider.class).ifPresent(builder::setHeaderProvider);
        return context.customize(builder);
    }

    public <B extends StubSettings.Builder<?, ?>> B stub(B builder, boolean emulator) {
        if (context == null) {
            return builder;
        }
        if (!emulator) {
            credentials().ifPresent(builder::setCredentialsProvider);
            transport().ifPresent(builder::setTransportChannelProvider);
        }
        context.use(HeaderProvider.class).ifPresent(builder::setHeaderProvider);
        return context.customize(builder);
    }

    public FirestoreOptions.Builder firestore(FirestoreOptions.Builder builder, boolean emulator) {
        if (context == null) {
            return builder;
        }
        if (!emulator) {
            credentials().ifPresent(p -> {
                try {
                    builder.setCredentials(p.getCredentials());
                } catch (IOException e) {
                    throw new UncheckedIOException("The supplied CredentialsProvider failed", e);
                }
            });
            transport().ifPresent(builder::setChannelProvider);
        }
        context.use(HeaderProvider.class).ifPresent(builder::setHeaderProvider);
        return context.customize(builder);
    }

    public <T> Optional<T> use(Class<T> type) {
        return context == null ? Optional.empty() : context.use(type);
    }

    private Optional<CredentialsProvider> credentials() {
        return context.use(CredentialsProvider.class);
    }

    private Optional<TransportChannelProvider> transport() {
        return context.use(TransportChannelProvider.class);
    }
}
