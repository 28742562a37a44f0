package dev.polycloud.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The one place that tells a response the client could not parse from a network failure.
 *
 * <p>Many parsers report a malformed document with an {@link IOException} subclass (Jackson's
 * {@code JsonParseException}, protobuf's {@code InvalidProtocolBufferException}, Gson's
 * {@code MalformedJsonException}), so a driver that maps "any {@code IOException} in the cause chain"
 * to {@code UNAVAILABLE} would retry a response that fails the same way every time (moto answering
 * broken JSON for an empty map key, a proxy answering an HTML page). Drivers ask
 * {@link #isParseFailure(Throwable)} <em>before</em> their {@code IOException} rule and map a parse
 * failure to {@link dev.polycloud.ErrorCode#INTERNAL}, which is not retried.
 *
 * <p><b>The rule.</b> The cause chain is walked from the outermost exception to the root, and each
 * link is classified:
 * <ul>
 *   <li><em>parse failure</em>: a Jackson {@code JsonProcessingException} (also the copies shaded into the
 *       AWS SDK and Azure's {@code azure-json}, recognised by class name: {@code JsonParseException},
 *       {@code JsonEOFException} for a complete body that ends inside a document,
 *       {@code MismatchedInputException}, ...), Jackson 3's {@code StreamReadException} and
 *       {@code DatabindException}, Gson's {@code JsonParseException} and {@code MalformedJsonException}, protobuf's
 *       {@code InvalidProtocolBufferException}, StAX's {@code XMLStreamException} (Woodstox's subclasses
 *       included), SAX's {@code SAXParseException}, a character decoding failure
 *       ({@code CharConversionException}, {@code MalformedInputException},
 *       {@code UnmappableCharacterException}), and the AWS SDK's {@code SdkClientException} whose message
 *       says "Unable to unmarshall" (the SDK's wrapper around its parser's failure);</li>
 *   <li><em>network failure</em>: any other {@link IOException} (a refused or reset connection, a socket
 *       timeout, {@code EOFException} and every "premature end of body" exception of the HTTP clients:
 *       a truncated body is a network failure), a {@link TimeoutException}, the Netty and reactor-netty
 *       timeout and premature-close exceptions, recognised by class name, <b>and a parser's failure at the end
 *       of its input</b> (Jackson's {@code JsonEOFException} and "end-of-input" messages, Woodstox's
 *       {@code WstxEOFException}, the JDK's "Premature end of file" and "XML document structures must start and end
 *       within the same entity", Gson's "End of input"): some HTTP clients
 *       (the JDK's {@code HttpURLConnection}, which the AWS SDK's default client and Cloud Storage use) end a
 *       body cut short with a plain end of stream, so the parser is the first to notice, and a document that
 *       stops early cannot be told from a truncated one. Such a failure is retried, at worst a few times.</li>
 * </ul>
 * The <b>deepest</b> classified link decides: the failure is a parse failure when that link is a parse
 * failure. So a parser's exception wrapped in a plain {@code IOException} ("deserialization failed") is a
 * parse failure, while a parse exception caused by an I/O failure while reading (Jackson's
 * {@code JsonMappingException} around a {@code SocketException}, an {@code XMLStreamException} around a
 * connection reset, the AWS SDK's "Unable to unmarshall" around a connection closed mid-body) is a network
 * failure. A chain with no classified link is no parse failure.
 *
 * <p>So a parse failure is one the parser found <em>inside</em> the document it received (an unexpected
 * character, a mismatched tag, a wrong type): the same answer fails the same way again. A document that is
 * malformed only by ending early is retried like a cut connection; both err on the side the caller can live
 * with (the portable layer's retries are bounded).
 *
 * <p>Vendor types are recognised by the simple names of the exception's class and superclasses, so this
 * module depends on no cloud SDK, protobuf or Gson. Stateless and thread-safe. Not API: public only so that
 * the provider modules can use it; it may change without notice.
 */
public final class ParseFailures {

    /** The words every provider puts in the message of a parse failure. */
    public static final String DESCRIPTION = "the response could not be parsed";

    /** Links of the cause chain examined at most (guards against pathological chains). */
    private static final int MAX_DEPTH = 64;

    /** Simple class names (of the class or a superclass) of deterministic parse failures. */
    private static final Set<String> PARSE_TYPES = Set.of(
            // Jackson 2, also shaded (software.amazon.awssdk.thirdparty.jackson.core, com.azure.json.implementation...)
            "JsonProcessingException",
            // Jackson's and Gson's root parse type (Gson's JsonSyntaxException extends it)
            "JsonParseException",
            // Gson's streaming reader
            "MalformedJsonException",
            // Jackson 3 (tools.jackson), whose exceptions are unchecked
            "StreamReadException",
            "DatabindException",
            // protobuf, also shaded copies
            "InvalidProtocolBufferException",
            // StAX (Woodstox's WstxParsingException and WstxEOFException extend it)
            "XMLStreamException",
            // SAX and DOM parsers
            "SAXParseException",
            // character decoding of a complete body
            "CharConversionException",
            "MalformedInputException",
            "UnmappableCharacterException");

    /** Simple class names of network failures that are not {@link IOException}s (or must win over a parse name). */
    private static final Set<String> NETWORK_TYPES = Set.of(
            "ReadTimeoutException",
            "WriteTimeoutException",
            "ConnectTimeoutException",
            "PrematureCloseException",
            // Jackson 3 wraps the stream's IOException; the wrapped one is found further down anyway
            "JacksonIOException");

    /** Simple class names of a parser's failure at the end of its input (Jackson, also shaded; Woodstox). */
    private static final Set<String> END_OF_INPUT_TYPES = Set.of("JsonEOFException", "WstxEOFException");

    /** What parsers say when their input ended inside a document (compared in lower case). */
    private static final java.util.List<String> END_OF_INPUT_WORDS = java.util.List.of(
            "end-of-input", // Jackson: "Unexpected end-of-input", "No content to map due to end-of-input"
            "end of input", // Gson: "End of input at line 1 column 9"; Woodstox: "Unexpected end of input block"
            "premature end of file", // the JDK's StAX and SAX parsers, on an empty or blank body
            "must start and end within the same entity", // the JDK's StAX and SAX parsers, inside an element
            "unexpected eof", // Woodstox: "Unexpected EOF in prolog"
            "input ended unexpectedly"); // protobuf: a truncated message

    private ParseFailures() {
    }

    /**
     * Whether a failure is a deterministic failure to parse a response (see the class description for the
     * rule): repeating the call gets the same answer and fails the same way.
     *
     * @param error what the client threw, with its cause chain
     * @return true for a parse failure, false for a network failure or anything else
     * @throws NullPointerException if {@code error} is null
     */
    public static boolean isParseFailure(Throwable error) {
        return find(error).isPresent();
    }

    /**
     * The link of the cause chain that makes a failure a parse failure, for the message.
     *
     * @param error what the client threw, with its cause chain
     * @return the deepest parse failure of the chain, or empty when {@link #isParseFailure} is false
     * @throws NullPointerException if {@code error} is null
     */
    public static Optional<Throwable> find(Throwable error) {
        Objects.requireNonNull(error, "error");
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable deepest = null;
        boolean deepestIsParse = false;
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_DEPTH && seen.add(t); t = t.getCause(), depth++) {
            if (isEndOfInput(t)) {
                deepest = t;
                deepestIsParse = false;
            } else if (isParseType(t)) {
                deepest = t;
                deepestIsParse = true;
            } else if (isNetworkType(t)) {
                deepest = t;
                deepestIsParse = false;
            }
        }
        return deepestIsParse ? Optional.of(deepest) : Optional.empty();
    }

    /**
     * A short description of a parse failure for an exception message: its class's simple name and the
     * first line of its message (which names the offending token and position, never a credential: parsers
     * do not echo request headers).
     *
     * @param parseFailure the link {@link #find} returned
     * @return for example {@code "JsonEOFException: Unexpected end-of-input in field name"}
     * @throws NullPointerException if {@code parseFailure} is null
     */
    public static String describe(Throwable parseFailure) {
        Objects.requireNonNull(parseFailure, "parseFailure");
        String message = parseFailure.getMessage();
        String first = message == null ? "" : message.strip().lines().findFirst().orElse("").strip();
        if (first.length() > 200) {
            first = first.substring(0, 200) + "...";
        }
        return parseFailure.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    /** A parser's failure at the end of its input: the body may have been cut short, so it is a network failure. */
    private static boolean isEndOfInput(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (END_OF_INPUT_TYPES.contains(c.getSimpleName())) {
                return true;
            }
        }
        if (!isParseType(t) || isAwsUnmarshall(t)) {
            return false;
        }
        String message = t.getMessage();
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        for (String words : END_OF_INPUT_WORDS) {
            if (m.contains(words)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAwsUnmarshall(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getSimpleName().equals("SdkClientException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isParseType(Throwable t) {
        if (t instanceof JsonProcessingException || t instanceof javax.xml.stream.XMLStreamException
                || t instanceof org.xml.sax.SAXParseException || t instanceof java.io.CharConversionException
                || t instanceof java.nio.charset.CharacterCodingException) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            String name = c.getSimpleName();
            if (PARSE_TYPES.contains(name)) {
                return true;
            }
            if (name.equals("SdkClientException")) {
                String message = t.getMessage();
                return message != null && message.toLowerCase(Locale.ROOT).contains("unable to unmarshall");
            }
        }
        return false;
    }

    private static boolean isNetworkType(Throwable t) {
        if (t instanceof IOException || t instanceof TimeoutException) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (NETWORK_TYPES.contains(c.getSimpleName())) {
                return true;
            }
        }
        return false;
    }
}
