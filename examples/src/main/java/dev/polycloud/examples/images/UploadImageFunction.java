package dev.polycloud.examples.images;

import dev.polycloud.blob.BlobInfo;
import dev.polycloud.blob.PutOptions;
import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;

/**
 * {@code PUT /images/{name}}: stores the request body in the {@code uploads} bucket under the name, which raises the
 * bucket event that makes the thumbnail. 202: the thumbnail follows asynchronously.
 */
public final class UploadImageFunction implements FunctionHandler<HttpRequest, HttpResponse> {

    @Override
    public HttpResponse handle(HttpRequest request, FunctionContext context) {
        String name = request.pathParameter("name").orElse("");
        if (!Images.NAME.matcher(name).matches()) {
            return HttpResponse.json(400, "{\"message\":\"an image name is 1 to 100 letters, digits, '.', '_' or '-'\"}");
        }
        byte[] body = request.body();
        if (body.length == 0) {
            return HttpResponse.json(400, "{\"message\":\"the request body must be the image\"}");
        }
        PutOptions.Builder options = PutOptions.builder();
        request.headers().first("content-type").ifPresent(options::contentType);
        BlobInfo stored = Images.cloud().bucket(Images.UPLOADS_BUCKET).put(name, body, options.build());
        context.logger().info("Stored upload {} ({} bytes)", name, stored.size());
        return HttpResponse.json(202, "{\"name\":\"" + name + "\",\"bytes\":" + stored.size()
                + ",\"thumbnail\":\"/images/" + name + "/thumbnail\"}");
    }
}
