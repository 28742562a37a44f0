package dev.polycloud.azure.blob;

import dev.polycloud.azure.internal.AzureErrors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polycloud.ErrorCode;
import dev.polycloud.blob.Bucket;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The Azure Blob driver's translations")
class AzureBlobDriverTest {

    @Nested
    @DisplayName("user metadata names")
    class Metadata {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"owner", "x-version", "2nd", "9-a-b", "a1-2", "z"})
        @DisplayName("every portable key becomes a C# identifier and decodes back to itself")
        void roundTrip(String key) {
            Map<String, String> encoded = AzureBlobDriver.encodeMetadata(Map.of(key, "v"));
            String name = encoded.keySet().iterator().next();
            assertThat(name).matches("[A-Za-z_][A-Za-z0-9_]*");
            assertThat(AzureBlobDriver.decodeMetadata(encoded)).containsExactly(Map.entry(key, "v"));
        }

        @Test
        @DisplayName("no two portable keys share an Azure name")
        void distinct() {
            assertThat(AzureBlobDriver.encodeMetadata(Map.of("a-1", "x", "a1", "y", "1a", "z"))).hasSize(3)
                    .containsKeys("a_1", "a1", "_1a");
        }

        @Test
        @DisplayName("missing metadata decodes to an empty map")
        void none() {
            assertThat(AzureBlobDriver.decodeMetadata(null)).isEmpty();
        }
    }

    @Test
    @DisplayName("Blob Storage's service error codes map to their portable codes")
    void errorCodes() {
        assertThat(AzureErrors.codeFor(404, "ContainerNotFound")).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(AzureErrors.codeFor(404, "BlobNotFound")).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(AzureErrors.codeFor(409, "ContainerBeingDeleted")).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(AzureErrors.codeFor(409, "ContainerAlreadyExists")).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(AzureErrors.codeFor(412, "ConditionNotMet")).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    }

    @Test
    @DisplayName("the declared capabilities: 1024-byte keys, blocks above 8 MiB, presigned (SAS) URLs, no events yet")
    void capabilities() {
        assertThat(AzureBlobDriver.CAPABILITIES.supported()).isTrue();
        assertThat(AzureBlobDriver.CAPABILITIES.maxKeyBytes()).isEqualTo(Bucket.MAX_KEY_BYTES);
        assertThat(AzureBlobDriver.CAPABILITIES.multipartThreshold()).isEqualTo(8L << 20);
        assertThat(AzureBlobDriver.CAPABILITIES.presign()).isTrue();
    }
}
