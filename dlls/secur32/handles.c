/*
 * SSPI handle table.
 *
 * A CredHandle or CtxtHandle given to the caller is { slot index + 1, tag },
 * where the tag mixes the handle kind, a per-slot generation count and a
 * per-process secret. A freed, forged, stale or wrong-kind handle fails the
 * tag check and yields SEC_E_INVALID_HANDLE; nothing the caller passes is
 * ever dereferenced.
 */
#include "secur32_priv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(secur32);

struct slot
{
    ULONG_PTR          tag;       /* 0 when free */
    ULONG              generation;
    struct handle_info info;
};

static struct slot *slots;
static ULONG slot_count, slot_capacity;
static ULONG free_hint;
static ULONG_PTR secret;
static SRWLOCK lock = SRWLOCK_INIT;

static ULONG_PTR make_tag( enum handle_kind kind, ULONG generation )
{
    ULONG_PTR tag = ((ULONG_PTR)generation << 4 | kind) ^ secret;
    /* never produce the values SecInvalidateHandle uses, nor the free marker */
    if (!tag || tag == (ULONG_PTR)-1) tag = ((ULONG_PTR)generation << 4 | kind) | 0x100;
    return tag;
}

static void init_secret( void )
{
    LARGE_INTEGER counter;

    if (secret) return;
    QueryPerformanceCounter( &counter );
    secret = (ULONG_PTR)counter.QuadPart ^ ((ULONG_PTR)GetCurrentProcessId() << 16) ^ (ULONG_PTR)&slots;
    secret &= ~(ULONG_PTR)0xf;  /* keep the kind bits readable in traces */
}

/* Returns the slot of HANDLE when it is a live handle of KIND; lock held by the caller. */
static struct slot *lookup( enum handle_kind kind, const SecHandle *handle )
{
    struct slot *slot;
    ULONG_PTR index;

    if (!handle) return NULL;
    index = handle->dwLower;
    if (!index || index > slot_count) return NULL;
    slot = &slots[index - 1];
    if (!slot->tag || slot->tag != handle->dwUpper) return NULL;
    if (slot->tag != make_tag( kind, slot->generation )) return NULL;
    return slot;
}

SECURITY_STATUS handle_alloc( enum handle_kind kind, const struct handle_info *info, SecHandle *handle )
{
    struct slot *slot = NULL;
    ULONG i;

    AcquireSRWLockExclusive( &lock );
    init_secret();
    for (i = free_hint; i < slot_count; i++)
        if (!slots[i].tag) { slot = &slots[i]; break; }
    if (!slot)
    {
        if (slot_count == slot_capacity)
        {
            ULONG capacity = slot_capacity ? slot_capacity * 2 : 64;
            struct slot *grown = NULL;

            if (capacity <= 0x1000000)
                grown = slots ? HeapReAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, slots, capacity * sizeof(*slots) )
                              : HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, capacity * sizeof(*slots) );
            if (!grown)
            {
                ReleaseSRWLockExclusive( &lock );
                return SEC_E_INSUFFICIENT_MEMORY;
            }
            slots = grown;
            slot_capacity = capacity;
        }
        slot = &slots[slot_count++];
    }
    slot->generation++;
    slot->tag = make_tag( kind, slot->generation );
    slot->info = *info;
    handle->dwLower = slot - slots + 1;
    handle->dwUpper = slot->tag;
    free_hint = slot - slots + 1;
    ReleaseSRWLockExclusive( &lock );
    TRACE( "kind %u -> %p:%p\n", kind, (void *)handle->dwLower, (void *)handle->dwUpper );
    return SEC_E_OK;
}

SECURITY_STATUS handle_get( enum handle_kind kind, const SecHandle *handle, struct handle_info *info )
{
    struct slot *slot;

    AcquireSRWLockShared( &lock );
    if ((slot = lookup( kind, handle ))) *info = slot->info;
    ReleaseSRWLockShared( &lock );
    if (!slot) WARN( "invalid handle %p (kind %u)\n", handle, kind );
    return slot ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}

SECURITY_STATUS handle_update( enum handle_kind kind, const SecHandle *handle, const struct handle_info *info )
{
    struct slot *slot;

    AcquireSRWLockExclusive( &lock );
    if ((slot = lookup( kind, handle ))) slot->info = *info;
    ReleaseSRWLockExclusive( &lock );
    return slot ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}

SECURITY_STATUS handle_free( enum handle_kind kind, const SecHandle *handle, struct handle_info *info )
{
    struct slot *slot;
    ULONG index;

    AcquireSRWLockExclusive( &lock );
    if ((slot = lookup( kind, handle )))
    {
        *info = slot->info;
        slot->tag = 0;
        memset( &slot->info, 0, sizeof(slot->info) );
        index = slot - slots;
        if (index < free_hint) free_hint = index;
    }
    ReleaseSRWLockExclusive( &lock );
    if (!slot) WARN( "invalid handle %p (kind %u)\n", handle, kind );
    return slot ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}
