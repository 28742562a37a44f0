package dev.polycloud.gcp.functions;

import dev.polycloud.gcp.internal.GcpErrors;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google ID tokens for calling functions: from Application Default Credentials (a service account
 * key, the metadata server, or gcloud user credentials, all of which can mint ID tokens), one
 * credential per audience, refreshed before they expire.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class IdTokens implements FunctionHttpInvoker.TokenSource {

    private final Map<String, IdTokenCredentials> byAudience = new ConcurrentHashMap<>();
    private volatile GoogleCredentials adc;

    @Override
    public String idToken(String audience) {
        IdTokenCredentials credentials = byAudience.computeIfAbsent(audience, this::credentials);
        try {
            credentials.refreshIfExpired();
            return credentials.getIdToken().getTokenValue();
        } catch (IOException | RuntimeException e) {
            throw new CloudException(ErrorCode.UNAUTHENTICATED, "Cannot get an ID token for " + audience
                    + " from Application Default Credentials: " + e.getMessage(), GcpErrors.PROVIDER,
                    "function " + audience, e);
        }
    }

    private IdTokenCredentials credentials(String audience) {
        GoogleCredentials c = adc;
        if (c == null) {
            try {
                c = GoogleCredentials.getApplicationDefault();
            } catch (IOException e) {
                throw new CloudException(ErrorCode.UNAUTHENTICATED, "No Application Default Credentials to call"
                        + " functions with (set GOOGLE_APPLICATION_CREDENTIALS or run 'gcloud auth"
                        + " application-default login'): " + e.getMessage(), GcpErrors.PROVIDER, "functions", e);
            }
            adc = c;
        }
        if (!(c instanceof IdTokenProvider provider)) {
            throw new CloudException(ErrorCode.UNAUTHENTICATED, "Application Default Credentials of type "
                    + c.getClass().getSimpleName() + " cannot mint ID tokens; use a service account or user"
                    + " credentials", GcpErrors.PROVIDER, "functions", null);
        }
        return IdTokenCredentials.newBuilder().setIdTokenProvider(provider).setTargetAudience(audience).build();
    }
}
