package dev.polycloud.gcp.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test handler on raw bytes whose payload says what to do: {@code fail:<message>} throws an
 * {@link IllegalStateException}, {@code sleep:<millis>} sleeps, {@code context} answers the context as
 * JSON; anything else is echoed byte for byte.
 */
public final class ProbeHandler implements FunctionHandler<byte[], byte[]> {

    @Override
    public byte[] handle(byte[] input, FunctionContext context) throws Exception {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        if (text.startsWith("fail:")) {
            throw new IllegalStateException(new String(input, 5, input.length - 5, StandardCharsets.UTF_8));
        }
        if (text.startsWith("sleep:")) {
            long millis = Long.parseLong(text.substring(6).trim());
            Thread.sleep(millis);
            return ("slept " + millis).getBytes(StandardCharsets.UTF_8);
        }
        if (text.equals("context")) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("functionName", context.functionName());
            info.put("requestId", context.requestId());
            info.put("remainingMillis", context.remainingTime().toMillis());
            info.put("environment", context.environment());
            info.put("logger", context.logger() != null);
            return PayloadCodec.encode(info);
        }
        return input;
    }
}
