package dev.polycloud.spring.boot;

import dev.polycloud.Cloud;
import dev.polycloud.CloudException;
import dev.polycloud.listen.Listener;
import dev.polycloud.listen.ListenerOptions;
import dev.polycloud.message.ReceivedMessage;
import dev.polycloud.queue.Queue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link PolycloudListener} methods on beans and runs a queue listener for each while the context is running.
 * Listeners start after every singleton is ready and stop, all at once, before beans (and so the cloud) are
 * destroyed; each stop gives running handlers the listener's grace period and waits for a receive in progress
 * (up to the poll wait, 10 seconds by default).
 *
 * <p>Thread-safe.
 */
public class PolycloudListenerProcessor implements BeanPostProcessor, SmartLifecycle, BeanFactoryAware {

    private static final Logger LOG = LoggerFactory.getLogger(PolycloudListenerProcessor.class);

    private record Endpoint(Object bean, Method method, PolycloudListener annotation) {
    }

    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final List<Listener> running = new CopyOnWriteArrayList<>();
    private volatile BeanFactory beanFactory;

    /** Created by the auto-configuration. */
    public PolycloudListenerProcessor() {
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Map<Method, PolycloudListener> found = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<PolycloudListener>) m ->
                        AnnotatedElementUtils.findMergedAnnotation(m, PolycloudListener.class));
        found.forEach((method, annotation) -> {
            Class<?>[] params = method.getParameterTypes();
            if (params.length != 1 || (params[0] != ReceivedMessage.class && params[0] != String.class)) {
                throw CloudException.invalidArgument("@PolycloudListener method " + type.getName() + "."
                        + method.getName() + " must take one ReceivedMessage or String parameter");
            }
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            ReflectionUtils.makeAccessible(invocable);
            endpoints.add(new Endpoint(bean, invocable, annotation));
        });
        return bean;
    }

    @Override
    public void start() {
        Cloud cloud = beanFactory.getBean(Cloud.class);
        for (Endpoint e : endpoints) {
            Queue queue = cloud.queue(e.annotation().value());
            if (e.annotation().create()) {
                queue.create();
            }
            ListenerOptions options = ListenerOptions.builder().concurrency(e.annotation().concurrency()).build();
            boolean body = e.method().getParameterTypes()[0] == String.class;
            running.add(queue.listen(m -> invoke(e, body ? m.bodyAsString() : m), options));
            LOG.info("@PolycloudListener {}.{} listening on queue '{}'", e.method().getDeclaringClass().getSimpleName(),
                    e.method().getName(), queue.name());
        }
    }

    private static void invoke(Endpoint e, Object argument) throws Exception {
        try {
            e.method().invoke(e.bean(), argument);
        } catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    @Override
    public void stop() {
        List<Listener> toStop = new ArrayList<>(running);
        running.clear();
        // all at once: each stop waits up to its poll wait for a receive in progress
        List<Thread> stopping = new ArrayList<>();
        for (Listener l : toStop) {
            Thread t = new Thread(l::close, "polycloud-listener-stop");
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return !running.isEmpty();
    }
}
