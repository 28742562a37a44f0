package dev.polycloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Telling a response that cannot be parsed from a network failure")
class ParseFailuresTest {

    /** Stand-ins for vendor types, recognised by simple class name like the real ones. */
    static final class Vendor {

        /** Like a shaded Jackson root type (software.amazon.awssdk.thirdparty.jackson.core). */
        static class JsonProcessingException extends IOException {
            JsonProcessingException(String message) {
                super(message);
            }
        }

        /** Like the shaded JsonParseException: extends the shaded root type. */
        static final class JsonParseException extends JsonProcessingException {
            JsonParseException(String message) {
                super(message);
            }
        }

        /** Like the shaded JsonEOFException: extends the shaded root type. */
        static final class JsonEOFException extends JsonProcessingException {
            JsonEOFException(String message) {
                super(message);
            }
        }

        /** Like protobuf's. */
        static final class InvalidProtocolBufferException extends IOException {
            InvalidProtocolBufferException(String message) {
                super(message);
            }
        }

        /** Like Gson's streaming reader's. */
        static final class MalformedJsonException extends IOException {
            MalformedJsonException(String message) {
                super(message);
            }
        }

        /** Like the AWS SDK's client-side failure. */
        static final class SdkClientException extends RuntimeException {
            SdkClientException(String message, Throwable cause) {
                super(message, cause);
            }
        }

        /** Like Apache HttpClient's "premature end of Content-Length delimited message body". */
        static final class ConnectionClosedException extends IOException {
            ConnectionClosedException(String message) {
                super(message);
            }
        }

        /** Like reactor-netty's connection closed before the response was complete. */
        static final class PrematureCloseException extends IOException {
            PrematureCloseException(String message) {
                super(message);
            }
        }

        /** Like Netty's read timeout (not an IOException). */
        static final class ReadTimeoutException extends RuntimeException {
            ReadTimeoutException() {
                super((String) null);
            }
        }
    }

    private static Throwable jacksonFailure(String body) {
        try {
            new ObjectMapper().readTree(body);
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("parsed: " + body);
    }

    private static Throwable staxFailure(String body) {
        try {
            XMLStreamReader reader = XMLInputFactory.newFactory().createXMLStreamReader(new StringReader(body));
            while (reader.hasNext()) {
                reader.next();
            }
        } catch (javax.xml.stream.XMLStreamException e) {
            return e;
        }
        throw new AssertionError("parsed: " + body);
    }

    private static Throwable saxFailure(String body) {
        try {
            var builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
                    throw e;
                }
            });
            builder.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (org.xml.sax.SAXException | IOException | javax.xml.parsers.ParserConfigurationException e) {
            return e;
        }
        throw new AssertionError("parsed: " + body);
    }

    @Nested
    @DisplayName("a parse failure")
    class Parse {

        @Test
        @DisplayName("is Jackson's failure inside a document (moto's broken JSON), although it is an IOException")
        void jackson() {
            Throwable e = jacksonFailure("{\"broken\": }");
            assertThat(e).isInstanceOf(IOException.class);
            assertThat(ParseFailures.isParseFailure(e)).isTrue();
            assertThat(ParseFailures.isParseFailure(jacksonFailure("{\"\": {\"S\" \"x\"}}"))).isTrue();
            assertThat(ParseFailures.isParseFailure(jacksonFailure("<html>"))).isTrue();
        }

        @Test
        @DisplayName("is a shaded Jackson, Gson or protobuf failure, recognised by class name")
        void vendorTypesByName() {
            assertThat(ParseFailures.isParseFailure(new Vendor.JsonParseException("Unexpected character ('}')")))
                    .isTrue();
            assertThat(ParseFailures.isParseFailure(new Vendor.MalformedJsonException("Expected value at line 1")))
                    .isTrue();
            assertThat(ParseFailures.isParseFailure(
                    new Vendor.InvalidProtocolBufferException("Protocol message had invalid UTF-8."))).isTrue();
        }

        @Test
        @DisplayName("is a StAX or SAX failure on malformed XML")
        void xml() {
            assertThat(ParseFailures.isParseFailure(staxFailure("<?xml version=\"1.0\"?><broken></wrong>"))).isTrue();
            Throwable sax = saxFailure("<broken></wrong>");
            assertThat(sax).isInstanceOf(org.xml.sax.SAXParseException.class);
            assertThat(ParseFailures.isParseFailure(sax)).isTrue();
        }

        @Test
        @DisplayName("is a body that is not valid in its character set")
        void charset() {
            assertThat(ParseFailures.isParseFailure(new java.nio.charset.MalformedInputException(1))).isTrue();
            assertThat(ParseFailures.isParseFailure(new java.io.CharConversionException("Invalid UTF-32"))).isTrue();
        }

        @Test
        @DisplayName("is found under the wrappers of clients and futures, also under a plain IOException")
        void wrapped() {
            Throwable parse = jacksonFailure("{\"broken\": }");
            Throwable chain = new CompletionException(new IllegalStateException("call failed",
                    new UncheckedIOException(new IOException("Deserialization failed", parse))));
            assertThat(ParseFailures.isParseFailure(chain)).isTrue();
            assertThat(ParseFailures.find(chain)).containsSame(parse);
        }

        @Test
        @DisplayName("is the AWS SDK's 'Unable to unmarshall response' around a parser's failure, or alone")
        void awsUnmarshall() {
            assertThat(ParseFailures.isParseFailure(new Vendor.SdkClientException(
                    "Unable to unmarshall response (Unexpected character). Response Code: 200",
                    new Vendor.JsonParseException("Unexpected character ('}')")))).isTrue();
            assertThat(ParseFailures.isParseFailure(new Vendor.SdkClientException(
                    "Unable to unmarshall response (null)", null))).isTrue();
            assertThat(ParseFailures.isParseFailure(new Vendor.SdkClientException("Unable to execute HTTP request",
                    null))).isFalse();
        }
    }

    @Nested
    @DisplayName("a network failure")
    class Network {

        @Test
        @DisplayName("is no parse failure: refused or reset connections, timeouts, a body cut short")
        void plainNetwork() {
            assertThat(ParseFailures.isParseFailure(new ConnectException("Connection refused"))).isFalse();
            assertThat(ParseFailures.isParseFailure(new SocketException("Connection reset"))).isFalse();
            assertThat(ParseFailures.isParseFailure(new SocketTimeoutException("Read timed out"))).isFalse();
            assertThat(ParseFailures.isParseFailure(new TimeoutException())).isFalse();
            assertThat(ParseFailures.isParseFailure(new Vendor.ReadTimeoutException())).isFalse();
            assertThat(ParseFailures.isParseFailure(new EOFException("Premature EOF"))).isFalse();
            assertThat(ParseFailures.isParseFailure(new Vendor.PrematureCloseException(
                    "Connection prematurely closed DURING response"))).isFalse();
        }

        @Test
        @DisplayName("is a parser's failure at the end of its input: the HTTP client may have ended a body cut short"
                + " with a plain end of stream")
        void endOfInput() {
            assertThat(ParseFailures.isParseFailure(jacksonFailure("{\"broken"))).isFalse();
            Throwable noContent = org.assertj.core.api.Assertions.catchThrowable(
                    () -> new ObjectMapper().readValue("   ", java.util.Map.class));
            assertThat(noContent).hasMessageContaining("end-of-input");
            assertThat(ParseFailures.isParseFailure(noContent)).isFalse();
            assertThat(ParseFailures.isParseFailure(new Vendor.JsonEOFException("Unexpected end-of-input"))).isFalse();
            assertThat(ParseFailures.isParseFailure(staxFailure("<?xml version=\"1.0\"?><broken"))).isFalse();
            assertThat(ParseFailures.isParseFailure(saxFailure("   "))).isFalse();
            assertThat(ParseFailures.isParseFailure(new Vendor.MalformedJsonException("End of input at line 1")))
                    .isFalse();
            assertThat(ParseFailures.isParseFailure(new Vendor.SdkClientException("Could not parse XML response.",
                    staxFailure("<?xml version=\"1.0\"?><ListBucketResult>")))).isFalse();
        }

        @Test
        @DisplayName("wins when the parser failed because the body was cut short or the connection broke")
        void parserOverNetwork() {
            Throwable truncated = new Vendor.SdkClientException("Unable to unmarshall response (Premature end of"
                    + " Content-Length delimited message body). Response Code: 200",
                    new Vendor.ConnectionClosedException("Premature end of Content-Length delimited message body"));
            assertThat(ParseFailures.isParseFailure(truncated)).isFalse();
            Throwable reset = new com.fasterxml.jackson.databind.JsonMappingException(null, "Unexpected IOException",
                    new SocketException("Connection reset"));
            assertThat(ParseFailures.isParseFailure(reset)).isFalse();
            Throwable xml = new javax.xml.stream.XMLStreamException("read failed",
                    new SocketTimeoutException("Read timed out"));
            assertThat(xml.getCause()).isInstanceOf(SocketTimeoutException.class);
            assertThat(ParseFailures.isParseFailure(xml)).isFalse();
        }

        @Test
        @DisplayName("leaves failures that are neither alone")
        void neither() {
            assertThat(ParseFailures.isParseFailure(new IllegalStateException("boom"))).isFalse();
            assertThat(ParseFailures.find(new RuntimeException(new IllegalArgumentException("x")))).isEmpty();
        }
    }

    @Nested
    @DisplayName("the cause chain")
    class Chain {

        @Test
        @DisplayName("ends at a cycle instead of looping")
        void cycle() {
            IOException a = new IOException("a");
            RuntimeException b = new RuntimeException("b", a);
            a.initCause(b);
            assertThat(ParseFailures.isParseFailure(b)).isFalse();
        }

        @Test
        @DisplayName("must not be null")
        void nulls() {
            assertThatThrownBy(() -> ParseFailures.isParseFailure(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ParseFailures.describe(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        @DisplayName("gives a short description of the parse failure for messages")
        void describe() {
            assertThat(ParseFailures.describe(new Vendor.MalformedJsonException("Unterminated string\nat line 1")))
                    .isEqualTo("MalformedJsonException: Unterminated string");
            assertThat(ParseFailures.describe(new Vendor.ReadTimeoutException())).isEqualTo("ReadTimeoutException");
        }
    }
}
