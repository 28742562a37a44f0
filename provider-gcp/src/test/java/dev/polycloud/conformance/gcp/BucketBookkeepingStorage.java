package dev.polycloud.conformance.gcp;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only: adds the bucket bookkeeping that {@code LocalStorageHelper}'s in-memory {@link Storage} lacks (its
 * bucket create/get/delete are not implemented, and it accepts objects in any bucket name). Bucket create, get and
 * delete are answered from a set of names; every object call on a bucket not in the set fails with the 404 that
 * Cloud Storage returns; a bucket with objects cannot be deleted (409, as on Cloud Storage). Listing is done here
 * (see {@link #list}) because the fake neither sorts, pages nor rolls up prefixes. Everything else (writes, reads,
 * metadata, copy, delete) goes to the fake unchanged, except that write preconditions are checked here (see
 * {@link #checkConditions}).
 */
final class BucketBookkeepingStorage implements InvocationHandler {

    private final Storage fake;
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();

    private BucketBookkeepingStorage(Storage fake) {
        this.fake = fake;
    }

    /**
     * Wraps a fake.
     *
     * @param fake the {@code LocalStorageHelper} service
     * @return a {@link Storage} with bucket bookkeeping
     */
    static Storage wrap(Storage fake) {
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                new BucketBookkeepingStorage(fake));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        Class<?>[] types = method.getParameterTypes();
        Class<?> first = types.length == 0 ? null : types[0];
        if (name.equals("create") && first == BucketInfo.class) {
            BucketInfo info = (BucketInfo) args[0];
            if (!buckets.add(info.getName())) {
                throw new StorageException(409, "The requested bucket name is not available: " + info.getName());
            }
            return asBucket(info);
        }
        if (name.equals("get") && first == String.class && types.length == 2
                && types[1] == Storage.BucketGetOption[].class) {
            String bucket = (String) args[0];
            return buckets.contains(bucket) ? asBucket(BucketInfo.of(bucket)) : null;
        }
        if (name.equals("delete") && first == String.class && types.length == 2
                && types[1] == Storage.BucketSourceOption[].class) {
            String bucket = (String) args[0];
            if (!buckets.contains(bucket)) {
                return false;
            }
            if (fake.list(bucket, Storage.BlobListOption.pageSize(1)).getValues().iterator().hasNext()) {
                throw new StorageException(409, "The bucket you tried to delete is not empty: " + bucket);
            }
            return buckets.remove(bucket);
        }
        if (name.equals("writer") && first == BlobInfo.class) {
            BlobInfo info = (BlobInfo) args[0];
            requireBucket(info.getBucket());
            checkConditions(info, (Storage.BlobWriteOption[]) args[1]);
            return fake.writer(info);
        }
        if (name.equals("list") && first == String.class) {
            requireBucket((String) args[0]);
            return list((String) args[0], (Storage.BlobListOption[]) args[1]);
        }
        if (first == BlobId.class) {
            requireBucket(((BlobId) args[0]).getBucket());
        } else if (first == BlobInfo.class) {
            requireBucket(((BlobInfo) args[0]).getBucket());
        } else if (first == Storage.CopyRequest.class) {
            Storage.CopyRequest copy = (Storage.CopyRequest) args[0];
            requireBucket(copy.getSource().getBucket());
            requireBucket(copy.getTarget().getBucket());
        } else if (first == String.class && types.length > 1 && types[1] == String.class) {
            requireBucket((String) args[0]);
        }
        try {
            return method.invoke(fake, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Cloud Storage's listing, which the fake does not implement (it returns objects in hash order, ignores page size
     * and page token, and rolls up no prefixes): objects with the prefix in name order, common prefixes rolled up at
     * the delimiter, pages of the requested size, and a page token that is the last name of the page.
     */
    private Page<Blob> list(String bucket, Storage.BlobListOption[] options) throws ReflectiveOperationException {
        String prefix = "";
        String delimiter = null;
        long pageSize = Long.MAX_VALUE;
        String token = null;
        for (Storage.BlobListOption o : options) {
            Object opt = field(o, "opt");
            Object value = field(opt, "val");
            switch (opt.getClass().getSimpleName()) {
                case "Prefix" -> prefix = (String) value;
                case "Delimiter" -> delimiter = (String) value;
                case "PageSize" -> pageSize = ((Number) value).longValue();
                case "PageToken" -> token = (String) value;
                default -> throw new UnsupportedOperationException("list option " + o);
            }
        }
        TreeMap<String, Blob> entries = new TreeMap<>();
        for (Blob b : fake.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll()) {
            String rest = b.getName().substring(prefix.length());
            int at = delimiter == null ? -1 : rest.indexOf(delimiter);
            if (at < 0) {
                entries.put(b.getName(), b);
            } else {
                String common = prefix + rest.substring(0, at + delimiter.length());
                entries.putIfAbsent(common, directory(bucket, common));
            }
        }
        NavigableMap<String, Blob> after = token == null ? entries : entries.tailMap(token, false);
        List<Blob> page = after.values().stream().limit(pageSize).toList();
        String next = page.isEmpty() || after.size() <= page.size() ? null : page.get(page.size() - 1).getName();
        return new Page<>() {
            @Override
            public boolean hasNextPage() {
                return next != null;
            }

            @Override
            public String getNextPageToken() {
                return next;
            }

            @Override
            public Page<Blob> getNextPage() {
                throw new UnsupportedOperationException("the driver pages by token");
            }

            @Override
            public Iterable<Blob> iterateAll() {
                return List.copyOf(after.values());
            }

            @Override
            public Iterable<Blob> getValues() {
                return page;
            }
        };
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(o.getClass() + "." + name);
    }

    private Blob directory(String bucket, String prefix) throws ReflectiveOperationException {
        // How the client represents a common prefix: a Blob with isDirectory set (the setter is package-private).
        BlobInfo.Builder builder = BlobInfo.newBuilder(BlobId.of(bucket, prefix));
        Method setIsDirectory = BlobInfo.Builder.class.getDeclaredMethod("setIsDirectory", boolean.class);
        setIsDirectory.setAccessible(true);
        setIsDirectory.invoke(builder, true);
        return asBlob(builder.build());
    }

    private Blob asBlob(BlobInfo info) throws ReflectiveOperationException {
        Method asBlob = BlobInfo.class.getDeclaredMethod("asBlob", Storage.class);
        asBlob.setAccessible(true);
        return (Blob) asBlob.invoke(info, fake);
    }

    /**
     * Cloud Storage's write preconditions, which the fake gets wrong (it answers a stale generation with 404 and an
     * existing object under {@code doesNotExist} with an error without a code): checked here with Cloud Storage's
     * 412, then the write goes to the fake without them. Not atomic; enough for single-threaded tests.
     */
    private void checkConditions(BlobInfo info, Storage.BlobWriteOption[] options) throws ReflectiveOperationException {
        Blob current = fake.get(BlobId.of(info.getBucket(), info.getName()));
        for (Storage.BlobWriteOption o : options) {
            Object opt = field(o, "opt");
            String kind = opt.getClass().getSimpleName();
            if (kind.equals("GenerationMatch") && Long.valueOf(0).equals(field(opt, "val"))) {
                if (current != null) {
                    throw new StorageException(412, "At least one of the pre-conditions you specified did not hold.");
                }
            } else if (kind.equals("GenerationMatchExtractor")) {
                if (current == null || !current.getGeneration().equals(info.getGeneration())) {
                    throw new StorageException(412, "At least one of the pre-conditions you specified did not hold.");
                }
            } else {
                throw new UnsupportedOperationException("write option " + o);
            }
        }
    }

    private void requireBucket(String bucket) {
        if (!buckets.contains(bucket)) {
            throw new StorageException(404, "The specified bucket does not exist: " + bucket);
        }
    }

    private Bucket asBucket(BucketInfo info) throws ReflectiveOperationException {
        // BucketInfo.asBucket(Storage) is package-private; a Bucket needs its Storage for its own methods.
        Method asBucket = BucketInfo.class.getDeclaredMethod("asBucket", Storage.class);
        asBucket.setAccessible(true);
        return (Bucket) asBucket.invoke(info, (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class}, this));
    }
}
