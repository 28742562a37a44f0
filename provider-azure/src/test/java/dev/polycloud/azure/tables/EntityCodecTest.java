package dev.polycloud.azure.tables;

import dev.polycloud.azure.internal.AzureCapabilities;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.models.TableEntity;
import dev.polycloud.CloudException;
import dev.polycloud.ErrorCode;
import dev.polycloud.table.Item;
import dev.polycloud.table.Value;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Item to entity encoding")
class EntityCodecTest {

    private static Item roundTrip(Item item) {
        return EntityCodec.decode(copyAsRead(EntityCodec.encode(item, "p", "r").entity()));
    }

    /** What reading back gives: the same properties, with the service's bookkeeping added. */
    private static TableEntity copyAsRead(TableEntity written) {
        TableEntity read = new TableEntity("p", "r");
        written.getProperties().forEach((k, v) -> {
            if (!k.endsWith("@odata.type")) {
                read.getProperties().put(k, v);
            }
        });
        read.getProperties().put("Timestamp", OffsetDateTime.now());
        read.getProperties().put("odata.etag", "W/\"etag\"");
        return read;
    }

    @Nested
    @DisplayName("native properties")
    class Natives {

        @Test
        @DisplayName("strings, longs, finite doubles, booleans and bytes with identifier names are native properties")
        void nativeLayout() {
            Item item = Item.builder().put("id", "a").put("count", 3L).put("ratio", 0.5).put("flag", true)
                    .put("blob", new byte[] {1, 2}).build().withVersion("v1");
            TableEntity e = EntityCodec.encode(item, "p", "r").entity();
            assertThat(e.getProperties()).containsEntry("id", "a").containsEntry("count", 3L)
                    .containsEntry("ratio", 0.5).containsEntry("flag", true)
                    .containsEntry("ratio@odata.type", "Edm.Double").containsEntry("_pcv", "v1")
                    .doesNotContainKey("_pcx0");
            assertThat(roundTrip(item)).isEqualTo(item);
        }

        @Test
        @DisplayName("an integral double keeps its type thanks to the Edm.Double annotation")
        void integralDouble() {
            TableEntity e = EntityCodec.encode(Item.builder().put("d", 1.0).build(), "p", "r").entity();
            assertThat(e.getProperties()).containsEntry("d@odata.type", "Edm.Double");
        }

        @Test
        @DisplayName("names that are not C# identifiers, or are system names, go to the overflow document")
        void oddNames() {
            Item item = Item.builder().put("a-b", 1L).put("with space", 2L).put("PartitionKey", "x")
                    .put("Timestamp", "t").put("ключ", "v").put("odata_x", "o").build();
            TableEntity e = EntityCodec.encode(item, "p", "r").entity();
            assertThat(e.getProperties()).doesNotContainKeys("a-b", "with space", "ключ", "odata_x")
                    .containsKey("_pcx0").containsEntry("PartitionKey", "p");
            assertThat(roundTrip(item).attributes()).isEqualTo(item.attributes());
        }

        @Test
        @DisplayName("names differing only in case keep the first one native, the others in the overflow")
        void caseCollisions() {
            Item item = Item.builder().put("name", "lower").put("Name", "upper").build();
            TableEntity e = EntityCodec.encode(item, "p", "r").entity();
            assertThat(e.getProperties()).containsEntry("name", "lower").doesNotContainKey("Name");
            assertThat(roundTrip(item).attributes()).isEqualTo(item.attributes());
        }
    }

    @Nested
    @DisplayName("the overflow document")
    class Overflow {

        @Test
        @DisplayName("decimals, lists, maps, nulls, NaN and -0.0 round-trip through it, types exact")
        void encodedTypes() {
            Item item = Item.builder().put("dec", new BigDecimal("1.10")).put("list", Value.list(Value.of(1L)))
                    .put("map", Map.of("k", "v")).put("nil", Value.nullValue()).put("nan", Double.NaN)
                    .put("negZero", -0.0).put("ctl", "a\u0000b").build();
            Item back = roundTrip(item);
            assertThat(back.attributes()).isEqualTo(item.attributes());
            assertThat(back.get("nil")).contains(Value.nullValue());
            assertThat(Double.doubleToRawLongBits(back.get("negZero").orElseThrow().asDouble()))
                    .isEqualTo(Double.doubleToRawLongBits(-0.0));
        }

        @Test
        @DisplayName("a string over 32K code units or bytes over 64 KiB are split into 64 KiB chunks")
        void chunks() {
            Item item = Item.builder().put("big", "z".repeat(200_000)).put("bin", new byte[70_000]).build();
            TableEntity e = EntityCodec.encode(item, "p", "r").entity();
            assertThat(e.getProperties()).containsKeys("_pcx0", "_pcx1", "_pcx2", "_pcx3", "_pcx4")
                    .doesNotContainKeys("big", "bin");
            assertThat(((byte[]) e.getProperty("_pcx0")).length).isEqualTo(EntityCodec.CHUNK_BYTES);
            assertThat(roundTrip(item).attributes()).isEqualTo(item.attributes());
        }

        @Test
        @DisplayName("when native strings would not fit 1 MiB, everything moves to the overflow document")
        void fallbackLayout() {
            Item.Builder b = Item.builder();
            for (int i = 0; i < 12; i++) {
                b.put("s" + i, "w".repeat(30_000));
            }
            Item item = b.build();
            TableEntity e = EntityCodec.encode(item, "p", "r").entity();
            assertThat(e.getProperties()).doesNotContainKey("s0").containsKey("_pcx0");
            assertThat(roundTrip(item).attributes()).isEqualTo(item.attributes());
        }

        @Test
        @DisplayName("an item of the declared maxItemBytes always fits, even in its worst layout")
        void declaredMaximumFits() {
            Item blob = Item.builder().put("id", "x").put("blob", new byte[AzureCapabilities.MAX_ITEM_BYTES - 7]).build();
            assertThat(dev.polycloud.table.ItemSize.of(blob)).isEqualTo(AzureCapabilities.MAX_ITEM_BYTES);
            assertThat(roundTrip(blob).attributes()).isEqualTo(blob.attributes());
            Item.Builder tiny = Item.builder();
            int n = 0;
            long size = 0;
            while (size < AzureCapabilities.MAX_ITEM_BYTES - 20) {
                String name = "n" + n++;
                tiny.put(name, "");
                size += name.length();
            }
            assertThat(roundTrip(tiny.build()).attributes()).hasSize(n);
        }

        @Test
        @DisplayName("an item that cannot fit an entity is refused with INVALID_ARGUMENT naming the limit")
        void tooLarge() {
            Item item = Item.builder().put("d", Value.of(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(10_000_000))))
                    .build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EntityCodec.encode(item, "p", "r"))
                    .isInstanceOfSatisfying(CloudException.class, ex -> {
                        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(ex.getMessage()).contains("1 MiB");
                    });
        }
    }

    @Nested
    @DisplayName("reading entities")
    class Reading {

        @Test
        @DisplayName("system properties and annotations are not attributes, and the version falls back to the ETag")
        void bookkeepingIgnored() {
            TableEntity e = new TableEntity("p", "r");
            e.getProperties().put("Timestamp", OffsetDateTime.now());
            e.getProperties().put("odata.etag", "W/\"1\"");
            e.getProperties().put("x@odata.type", "Edm.Int64");
            e.getProperties().put("x", 5L);
            Item item = EntityCodec.decode(e);
            assertThat(item.attributes()).containsOnlyKeys("x");
            assertThat(item.version()).contains("W/\"1\"");
        }

        @Test
        @DisplayName("properties written by other tools are read: Int32 as long, DateTime and GUID as strings")
        void foreignProperties() {
            TableEntity e = new TableEntity("p", "r");
            e.getProperties().put("i", 7);
            OffsetDateTime t = OffsetDateTime.parse("2024-01-02T03:04:05Z");
            e.getProperties().put("t", t);
            java.util.UUID u = java.util.UUID.randomUUID();
            e.getProperties().put("u", u);
            Item item = EntityCodec.decode(e);
            assertThat(item.get("i")).contains(Value.of(7L));
            assertThat(item.get("t")).contains(Value.of(t.toString()));
            assertThat(item.get("u")).contains(Value.of(u.toString()));
        }
    }
}
