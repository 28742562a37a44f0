package dev.polycloud.gcp.gateway;

import dev.polycloud.gcp.functions.CloudFunctionsRequests;

import com.google.cloud.apigateway.v1.Api;
import com.google.cloud.apigateway.v1.ApiConfig;
import com.google.cloud.apigateway.v1.CreateApiConfigRequest;
import com.google.cloud.apigateway.v1.CreateApiRequest;
import com.google.cloud.apigateway.v1.CreateGatewayRequest;
import com.google.cloud.apigateway.v1.Gateway;
import com.google.cloud.apigateway.v1.GetApiConfigRequest;
import com.google.cloud.apigateway.v1.UpdateGatewayRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API Gateway requests the gateway driver sends, built without a service so that tests can
 * check them. A portable gateway {@code shop} is:
 *
 * <ul>
 *   <li>the API {@code projects/P/locations/global/apis/shop};</li>
 *   <li>one API config per distinct OpenAPI document, {@code …/apis/shop/configs/pc-<first 16 hex digits of
 *       the document's SHA-256>} (configs are immutable, so a redeploy of the same routes reuses its config
 *       and a changed one gets a new config), holding the document as {@value #DOCUMENT_PATH} and the
 *       gateway service account when configured;</li>
 *   <li>the gateway {@code projects/P/locations/R/gateways/shop} serving that config at
 *       {@code https://<defaultHostname>}.</li>
 * </ul>
 * Every resource is labelled {@value CloudFunctionsRequests#LABEL}{@code =}{@value CloudFunctionsRequests#LABEL_VALUE}.
 */
final class ApiGatewayRequests {

    /** The path of the OpenAPI document inside the API config. */
    static final String DOCUMENT_PATH = "openapi.json";
    /** The prefix of API config ids. */
    static final String CONFIG_PREFIX = "pc-";

    private ApiGatewayRequests() {
    }

    static String apisParent(String project) {
        return "projects/" + project + "/locations/global";
    }

    static String apiName(String project, String gateway) {
        return apisParent(project) + "/apis/" + gateway;
    }

    static String configId(String document) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8));
            return CONFIG_PREFIX + HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String configName(String project, String gateway, String document) {
        return apiName(project, gateway) + "/configs/" + configId(document);
    }

    static String gatewaysParent(String project, String region) {
        return "projects/" + project + "/locations/" + region;
    }

    static String gatewayName(String project, String region, String gateway) {
        return gatewaysParent(project, region) + "/gateways/" + gateway;
    }

    static CreateApiRequest createApi(String project, String gateway) {
        return CreateApiRequest.newBuilder()
                .setParent(apisParent(project))
                .setApiId(gateway)
                .setApi(Api.newBuilder().setDisplayName(gateway)
                        .putLabels(CloudFunctionsRequests.LABEL, CloudFunctionsRequests.LABEL_VALUE))
                .build();
    }

    static CreateApiConfigRequest createConfig(String project, String gateway, String document,
                                               Optional<String> serviceAccount) {
        ApiConfig.Builder config = ApiConfig.newBuilder()
                .setDisplayName(gateway + " " + configId(document))
                .putLabels(CloudFunctionsRequests.LABEL, CloudFunctionsRequests.LABEL_VALUE)
                .addOpenapiDocuments(ApiConfig.OpenApiDocument.newBuilder().setDocument(ApiConfig.File.newBuilder()
                        .setPath(DOCUMENT_PATH).setContents(ByteString.copyFromUtf8(document))));
        serviceAccount.ifPresent(config::setGatewayServiceAccount);
        return CreateApiConfigRequest.newBuilder()
                .setParent(apiName(project, gateway))
                .setApiConfigId(configId(document))
                .setApiConfig(config)
                .build();
    }

    static GetApiConfigRequest getConfig(String configName) {
        return GetApiConfigRequest.newBuilder().setName(configName).setView(GetApiConfigRequest.ConfigView.FULL)
                .build();
    }

    static CreateGatewayRequest createGateway(String project, String region, String gateway, String configName) {
        return CreateGatewayRequest.newBuilder()
                .setParent(gatewaysParent(project, region))
                .setGatewayId(gateway)
                .setGateway(Gateway.newBuilder().setDisplayName(gateway).setApiConfig(configName)
                        .putLabels(CloudFunctionsRequests.LABEL, CloudFunctionsRequests.LABEL_VALUE))
                .build();
    }

    static UpdateGatewayRequest switchConfig(String gatewayName, String configName) {
        return UpdateGatewayRequest.newBuilder()
                .setGateway(Gateway.newBuilder().setName(gatewayName).setApiConfig(configName))
                .setUpdateMask(FieldMask.newBuilder().addPaths("api_config"))
                .build();
    }

    /**
     * The OpenAPI document of a config fetched with the FULL view.
     *
     * @param config the config
     * @return the document text, or empty
     */
    static Optional<String> document(ApiConfig config) {
        return config.getOpenapiDocumentsList().stream()
                .map(d -> d.getDocument().getContents().toStringUtf8())
                .filter(s -> !s.isEmpty())
                .findFirst();
    }

    static URI baseUri(Gateway gateway) {
        return URI.create("https://" + gateway.getDefaultHostname());
    }
}
