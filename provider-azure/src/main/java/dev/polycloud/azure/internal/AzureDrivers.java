package dev.polycloud.azure.internal;

import dev.polycloud.azure.blob.AzureBlobDriver;
import dev.polycloud.azure.queues.AzureQueueDriver;
import dev.polycloud.azure.tables.AzureTableDriver;

import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.queue.QueueServiceAsyncClient;
import com.azure.storage.queue.QueueServiceClient;
import dev.polycloud.blob.BlobCapabilities;
import dev.polycloud.spi.BlobDriver;
import dev.polycloud.spi.BlobDrivers;
import dev.polycloud.spi.QueueDriver;
import dev.polycloud.spi.QueueDrivers;
import dev.polycloud.spi.TableDriver;
import dev.polycloud.spi.TableDrivers;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The queue, table and blob driver factories: cheap, and they touch the native service client only when
 * a driver first calls Azure.
 *
 * <p>Not API: public only so that other packages of this provider can use it; it may change without notice.
 */
public final class AzureDrivers {

    private AzureDrivers() {
    }

    /** Storage Queue drivers by portable name. */
    public static final class Queues implements QueueDrivers {
        private final Supplier<QueueServiceClient> service;
        private final Supplier<QueueServiceAsyncClient> asyncService;
        private final Clock clock;

        /**
         * @param service the blocking service client, built on first use
         * @param asyncService the asynchronous one (the same configuration), built on first asynchronous call
         * @param clock the clock of lease ends and sent-at times
         */
        public Queues(Supplier<QueueServiceClient> service, Supplier<QueueServiceAsyncClient> asyncService,
                      Clock clock) {
            this.service = service;
            this.asyncService = asyncService;
            this.clock = clock;
        }

        @Override
        public QueueDriver queue(String name) {
            return new AzureQueueDriver(name,
                    AzureSettings.memoize(() -> service.get().getQueueClient(AzureNames.queue(name))),
                    AzureSettings.memoize(() -> asyncService.get().getQueueAsyncClient(AzureNames.queue(name))), clock);
        }

        @Override
        public String toString() {
            return "AzureQueueDrivers";
        }
    }

    /** Table Storage drivers by portable name. */
    public static final class Tables implements TableDrivers {
        private final Supplier<TableServiceClient> service;
        private final Supplier<TableServiceAsyncClient> asyncService;

        /**
         * @param service the blocking service client, built on first use
         * @param asyncService the asynchronous one (the same configuration), built on first asynchronous call
         */
        public Tables(Supplier<TableServiceClient> service, Supplier<TableServiceAsyncClient> asyncService) {
            this.service = service;
            this.asyncService = asyncService;
        }

        @Override
        public TableDriver table(String name) {
            return new AzureTableDriver(name, service, asyncService);
        }

        @Override
        public String toString() {
            return "AzureTableDrivers";
        }
    }

    /** Blob Storage drivers by portable bucket name (a portable name is a valid container name). */
    public static final class Blobs implements BlobDrivers {
        private final Supplier<BlobServiceClient> service;

        public Blobs(Supplier<BlobServiceClient> service) {
            this.service = service;
        }

        @Override
        public BlobCapabilities capabilities() {
            return AzureBlobDriver.CAPABILITIES;
        }

        @Override
        public BlobDriver bucket(String name) {
            return new AzureBlobDriver(service, name);
        }

        @Override
        public String toString() {
            return "AzureBlobDrivers";
        }
    }
}
