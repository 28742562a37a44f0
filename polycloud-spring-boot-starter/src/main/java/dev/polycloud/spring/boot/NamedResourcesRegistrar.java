package dev.polycloud.spring.boot;

import dev.polycloud.Cloud;
import dev.polycloud.queue.Queue;
import dev.polycloud.table.Table;
import dev.polycloud.topic.Topic;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers a {@link Queue}, {@link Topic} or {@link Table} bean for every name in {@code polycloud.queues},
 * {@code polycloud.topics} and {@code polycloud.tables}. The bean is the cloud's handle (no network call, nothing
 * is created); its name is the portable name in camel case plus the kind: {@code order-events} in
 * {@code polycloud.queues} is the bean {@code orderEventsQueue}. A bad name fails startup with
 * {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT}.
 */
final class NamedResourcesRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

    private Environment environment;
    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Binder binder = Binder.get(environment);
        register(registry, binder, "polycloud.queues", Queue.class, "Queue", (c, n) -> c.queue(n));
        register(registry, binder, "polycloud.topics", Topic.class, "Topic", (c, n) -> c.topic(n));
        register(registry, binder, "polycloud.tables", Table.class, "Table", (c, n) -> c.table(n));
    }

    private <T> void register(BeanDefinitionRegistry registry, Binder binder, String key, Class<T> type,
                              String suffix, java.util.function.BiFunction<Cloud, String, T> handle) {
        List<String> names = binder.bind(key, Bindable.listOf(String.class)).orElse(List.of());
        for (String raw : names) {
            String name = raw.trim();
            Function<Cloud, T> of = c -> handle.apply(c, name);
            RootBeanDefinition definition = new RootBeanDefinition(type, () -> of.apply(beanFactory.getBean(Cloud.class)));
            registry.registerBeanDefinition(beanName(name, suffix), definition);
        }
    }

    static String beanName(String portableName, String suffix) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char ch : portableName.toCharArray()) {
            if (ch == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return b + suffix;
    }
}
