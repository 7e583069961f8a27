#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bcf::matching {

// OrderId → pool slot: open addressing with linear probing and backward-shift deletion, a
// power-of-two table kept at most half full. Inserting never allocates until the table has to
// grow (then it doubles), unlike std::unordered_map, which allocates a node per insert. Every id
// value is allowed (emptiness is marked in the slot field).
class OrderIdMap final {
public:
    static constexpr std::uint32_t kAbsent = 0xFFFF'FFFFu;

    explicit OrderIdMap(std::size_t expected = 1024) { rehash(capacityFor(expected)); }

    std::size_t size() const { return m_size; }

    // The slot of `id`, or kAbsent.
    std::uint32_t find(std::uint64_t id) const
    {
        for (std::size_t i = indexOf(id);; i = (i + 1) & m_mask) {
            const Entry &entry = m_entries[i];
            if (entry.slot == kAbsent)
                return kAbsent;
            if (entry.id == id)
                return entry.slot;
        }
    }

    // Adds id → slot; false if id is already present (nothing changes).
    bool insert(std::uint64_t id, std::uint32_t slot)
    {
        if ((m_size + 1) * 2 > m_entries.size())
            rehash(m_entries.size() * 2);
        for (std::size_t i = indexOf(id);; i = (i + 1) & m_mask) {
            Entry &entry = m_entries[i];
            if (entry.slot == kAbsent) {
                entry = {id, slot};
                ++m_size;
                return true;
            }
            if (entry.id == id)
                return false;
        }
    }

    // Removes id if present.
    void erase(std::uint64_t id)
    {
        std::size_t hole = indexOf(id);
        for (;; hole = (hole + 1) & m_mask) {
            if (m_entries[hole].slot == kAbsent)
                return;
            if (m_entries[hole].id == id)
                break;
        }
        // Backward shift: move later entries of the probe run into the hole when their home
        // position does not lie (cyclically) between the hole and them.
        for (std::size_t next = (hole + 1) & m_mask;; next = (next + 1) & m_mask) {
            Entry &entry = m_entries[next];
            if (entry.slot == kAbsent)
                break;
            const std::size_t home = indexOf(entry.id);
            if (((next - home) & m_mask) >= ((next - hole) & m_mask)) {
                m_entries[hole] = entry;
                hole = next;
            }
        }
        m_entries[hole].slot = kAbsent;
        --m_size;
    }

private:
    struct Entry {
        std::uint64_t id = 0;
        std::uint32_t slot = kAbsent;
    };

    static std::size_t capacityFor(std::size_t expected)
    {
        std::size_t capacity = 16;
        while (capacity < expected * 2)
            capacity *= 2;
        return capacity;
    }

    // Fibonacci hashing: sequential ids (the common case) spread over the table.
    std::size_t indexOf(std::uint64_t id) const
    {
        return static_cast<std::size_t>((id * 0x9E37'79B9'7F4A'7C15ULL) >> m_shift);
    }

    void rehash(std::size_t capacity)
    {
        std::vector<Entry> old(capacity);
        old.swap(m_entries);
        m_mask = capacity - 1;
        m_shift = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
        m_size = 0;
        for (const Entry &entry : old)
            if (entry.slot != kAbsent)
                insert(entry.id, entry.slot);
    }

    std::vector<Entry> m_entries;
    std::size_t m_mask = 0;
    unsigned m_shift = 64;
    std::size_t m_size = 0;
};

} // namespace bcf::matching
