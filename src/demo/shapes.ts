/** Realistic Amazon and ERP identifiers, addresses and names, unique where the schema needs it. */
import { FIRST_NAMES, LAST_NAMES, US_CITIES } from './catalog.js';
import type { Rng } from './random.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Marketplace prefixes seen on US AmazonOrderIds. */
const ORDER_PREFIXES = ['111', '112', '113', '114', '701', '702'];

export type Carrier = 'UPS' | 'USPS' | 'FedEx';

export interface Address {
  city: string;
  state: string;
  postal: string;
}

/** Draws identifiers and never hands out the same one twice. */
export class Shapes {
  // One namespace per kind: an Amazon SKU may well equal an ERP item number.
  private readonly orderRefs = new Set<string>();
  private readonly asins = new Set<string>();
  private readonly itemSkus = new Set<string>();
  private readonly sellerSkus = new Set<string>();
  private readonly others = new Set<string>();

  constructor(private readonly rng: Rng) {}

  private unique(used: Set<string>, make: () => string): string {
    for (;;) {
      const id = make();
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  }

  /** AmazonOrderId, 3-7-7 digits: 112-1989129-7674645. */
  orderRef(): string {
    const r = this.rng;
    return this.unique(this.orderRefs, () => `${r.pick(ORDER_PREFIXES)}-${r.digits(7)}-${r.digits(7)}`);
  }

  /** ASIN: B0 and eight uppercase letters or digits. */
  asin(): string {
    return this.unique(this.asins, () => `B0${this.rng.chars(ALNUM, 8)}`);
  }

  /** ERP item number: KIT-1042, or KIT-1042-BLK for a variant. */
  itemSku(prefix: string, variantSuffix: string | null): string {
    const r = this.rng;
    return this.unique(
      this.itemSkus,
      () => `${prefix}-${r.int(1000, 9999)}${variantSuffix ? `-${variantSuffix}` : ''}`,
    );
  }

  /** An item number from the ERP's old numbering, before items were renumbered: KIT10427. */
  retiredItemSku(prefix: string): string {
    return this.unique(this.itemSkus, () => `${prefix}${this.rng.digits(5)}`);
  }

  /** Seller SKU of a merchant-fulfilled listing: the ERP number, an AMZ- copy, or Amazon's generated 2-4-4 form. */
  sellerSku(itemSku: string): string {
    const r = this.rng;
    const style = r.next();
    const generated = (): string => `${r.chars(ALNUM, 2)}-${r.chars(ALNUM, 4)}-${r.chars(ALNUM, 4)}`;
    const plain = style < 0.4 ? itemSku : style < 0.65 ? `AMZ-${itemSku}` : undefined;
    // A second listing of the same item cannot reuse the plain form: Amazon's generated one it is.
    return this.unique(this.sellerSkus, () =>
      plain !== undefined && !this.sellerSkus.has(plain) ? plain : generated(),
    );
  }

  /** Seller SKU of a listing fulfilled by Amazon. */
  fbaSku(itemSku: string): string {
    const r = this.rng;
    const plain = `${itemSku}-FBA`;
    return this.unique(this.sellerSkus, () =>
      r.chance(0.6) && !this.sellerSkus.has(plain) ? plain : `FBA-${r.chars(ALNUM, 4)}-${r.chars(ALNUM, 4)}`,
    );
  }

  private lastPurchaseOrder = 24000;

  /** Purchase order number written on a stock receipt; the ERP numbers them in sequence. */
  purchaseOrder(): string {
    this.lastPurchaseOrder += 1;
    return `PO-${this.lastPurchaseOrder}`;
  }

  trackingNumber(carrier: Carrier): string {
    const r = this.rng;
    return this.unique(this.others, () => {
      switch (carrier) {
        case 'UPS':
          // 1Z, six-character shipper account, two-digit service, eight-digit package number.
          return `1Z${r.chars(ALNUM, 6)}${r.pick(['01', '02', '03', '12', '13'])}${r.digits(8)}`;
        case 'USPS':
          return `${r.pick(['9400', '9205', '9261', '9274'])}${r.digits(18)}`;
        case 'FedEx':
          return r.digits(12);
      }
    });
  }

  buyerName(): string {
    return `${this.rng.pick(FIRST_NAMES)} ${this.rng.pick(LAST_NAMES)}`;
  }

  address(): Address {
    const [city, state, zip3] = this.rng.pick(US_CITIES);
    return { city, state, postal: `${zip3}${this.rng.digits(2)}` };
  }
}
