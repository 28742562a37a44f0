package dev.polycloud.conformance.handlers;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;

/** Returns the raw payload unchanged: proves that bytes pass through the runtime intact. */
public final class EchoBytesHandler implements FunctionHandler<byte[], byte[]> {

    @Override
    public byte[] handle(byte[] input, FunctionContext context) {
        return input;
    }
}
