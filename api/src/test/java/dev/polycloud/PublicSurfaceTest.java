package dev.polycloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polycloud.message.MessageReceiver;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The public API surface of polycloud-api")
class PublicSurfaceTest {

    /** Every class compiled into the api jar (read from the directory or jar Cloud.class came from). */
    static List<Class<?>> apiClasses() throws IOException, URISyntaxException {
        Path root = Path.of(Cloud.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                if (name.endsWith("package-info") || name.equals("module-info")) {
                    continue;
                }
                try {
                    classes.add(Class.forName(name, false, Cloud.class.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException(name, e);
                }
            }
        }
        return classes;
    }

    static boolean internalOrSpi(Class<?> type) {
        String pkg = type.getPackageName();
        return pkg.equals("dev.polycloud.internal") || pkg.startsWith("dev.polycloud.internal.")
                || pkg.equals("dev.polycloud.spi") || pkg.startsWith("dev.polycloud.spi.");
    }

    /** Public, and reachable by applications: every enclosing class public too. */
    static boolean exported(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    static boolean mentionsInternal(Type... types) {
        return Arrays.stream(types).anyMatch(t -> {
            String text = t.getTypeName();
            return text.contains("dev.polycloud.internal.") || text.contains("dev.polycloud.spi.");
        });
    }

    static String describe(Executable e) {
        return e.getDeclaringClass().getName() + "." + e.getName() + Arrays.toString(e.getGenericParameterTypes());
    }

    /** Protected members are API too when the class can be extended. */
    static boolean visible(int modifiers, Class<?> owner) {
        return Modifier.isPublic(modifiers)
                || (Modifier.isProtected(modifiers) && !Modifier.isFinal(owner.getModifiers()));
    }

    @Nested
    @DisplayName("outside the internal and spi packages")
    class OutsideInternal {

        @Test
        @DisplayName("the scan sees the handle classes, so the checks below cannot pass on an empty list")
        void scanSeesHandles() throws Exception {
            assertThat(apiClasses()).contains(dev.polycloud.queue.Queue.class, dev.polycloud.topic.Topic.class,
                    dev.polycloud.table.Table.class, dev.polycloud.function.Functions.class,
                    dev.polycloud.gateway.Gateway.class, dev.polycloud.blob.Bucket.class, MessageReceiver.class);
        }

        @Test
        @DisplayName("no public class has a public constructor taking an internal or spi type: handles come from Cloud")
        void noPublicConstructorTakesInternalTypes() throws Exception {
            List<String> leaks = new ArrayList<>();
            for (Class<?> type : apiClasses()) {
                if (!exported(type) || internalOrSpi(type)) {
                    continue;
                }
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    if (Modifier.isPublic(c.getModifiers()) && mentionsInternal(c.getGenericParameterTypes())) {
                        leaks.add(describe(c));
                    }
                }
            }
            assertThat(leaks).isEmpty();
        }

        @Test
        @DisplayName("no extensible public class shows a protected method or field with an internal or spi type")
        void noProtectedHooks() throws Exception {
            List<String> leaks = new ArrayList<>();
            for (Class<?> type : apiClasses()) {
                if (!exported(type) || internalOrSpi(type) || Modifier.isFinal(type.getModifiers())) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    if (Modifier.isProtected(m.getModifiers())) {
                        leaks.add(describe(m));
                    }
                }
                for (Field f : type.getDeclaredFields()) {
                    if (visible(f.getModifiers(), type) && mentionsInternal(f.getGenericType())) {
                        leaks.add(type.getName() + "." + f.getName());
                    }
                }
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    if (Modifier.isProtected(c.getModifiers()) && mentionsInternal(c.getGenericParameterTypes())
                            && type != MessageReceiver.class) {
                        leaks.add(describe(c));
                    }
                }
            }
            assertThat(leaks).isEmpty();
        }
    }

    @Nested
    @DisplayName("MessageReceiver")
    class Receiver {

        @Test
        @DisplayName("has no protected hooks left: only the constructor Queue and Subscription call")
        void onlyTheConstructorIsProtected() {
            assertThat(Arrays.stream(MessageReceiver.class.getDeclaredMethods())
                    .filter(m -> Modifier.isProtected(m.getModifiers()))).isEmpty();
            assertThat(Arrays.stream(MessageReceiver.class.getDeclaredFields())
                    .filter(f -> !Modifier.isPrivate(f.getModifiers()))).isEmpty();
        }

        @Test
        @DisplayName("rejects a subclass other than Queue and Subscription, so its constructor is no way in")
        void rejectsForeignSubclasses() {
            assertThatThrownBy(() -> new MessageReceiver("queue x", null, null, false, null, null) {
                @Override
                public boolean exists() {
                    return false;
                }
            })
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Queue and Subscription only");
        }
    }
}
