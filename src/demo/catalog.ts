/** Word lists the demo draws its products, buyers and addresses from. */

/** [city, state, first three digits of its ZIP codes] */
export const US_CITIES: readonly (readonly [string, string, string])[] = [
  ['New York', 'NY', '100'],
  ['Brooklyn', 'NY', '112'],
  ['Buffalo', 'NY', '142'],
  ['Los Angeles', 'CA', '900'],
  ['San Diego', 'CA', '921'],
  ['San Jose', 'CA', '951'],
  ['Sacramento', 'CA', '958'],
  ['Fresno', 'CA', '937'],
  ['Chicago', 'IL', '606'],
  ['Naperville', 'IL', '605'],
  ['Houston', 'TX', '770'],
  ['Dallas', 'TX', '752'],
  ['Austin', 'TX', '787'],
  ['San Antonio', 'TX', '782'],
  ['El Paso', 'TX', '799'],
  ['Phoenix', 'AZ', '850'],
  ['Tucson', 'AZ', '857'],
  ['Philadelphia', 'PA', '191'],
  ['Pittsburgh', 'PA', '152'],
  ['Jacksonville', 'FL', '322'],
  ['Miami', 'FL', '331'],
  ['Tampa', 'FL', '336'],
  ['Orlando', 'FL', '328'],
  ['Columbus', 'OH', '432'],
  ['Cleveland', 'OH', '441'],
  ['Cincinnati', 'OH', '452'],
  ['Charlotte', 'NC', '282'],
  ['Raleigh', 'NC', '276'],
  ['Indianapolis', 'IN', '462'],
  ['Seattle', 'WA', '981'],
  ['Spokane', 'WA', '992'],
  ['Denver', 'CO', '802'],
  ['Colorado Springs', 'CO', '809'],
  ['Boston', 'MA', '021'],
  ['Worcester', 'MA', '016'],
  ['Nashville', 'TN', '372'],
  ['Memphis', 'TN', '381'],
  ['Detroit', 'MI', '482'],
  ['Grand Rapids', 'MI', '495'],
  ['Portland', 'OR', '972'],
  ['Las Vegas', 'NV', '891'],
  ['Reno', 'NV', '895'],
  ['Louisville', 'KY', '402'],
  ['Baltimore', 'MD', '212'],
  ['Milwaukee', 'WI', '532'],
  ['Madison', 'WI', '537'],
  ['Albuquerque', 'NM', '871'],
  ['Kansas City', 'MO', '641'],
  ['St. Louis', 'MO', '631'],
  ['Atlanta', 'GA', '303'],
  ['Savannah', 'GA', '314'],
  ['Omaha', 'NE', '681'],
  ['Minneapolis', 'MN', '554'],
  ['Saint Paul', 'MN', '551'],
  ['Tulsa', 'OK', '741'],
  ['Oklahoma City', 'OK', '731'],
  ['New Orleans', 'LA', '701'],
  ['Salt Lake City', 'UT', '841'],
  ['Boise', 'ID', '837'],
  ['Richmond', 'VA', '232'],
  ['Virginia Beach', 'VA', '234'],
  ['Newark', 'NJ', '071'],
  ['Jersey City', 'NJ', '073'],
  ['Birmingham', 'AL', '352'],
  ['Charleston', 'SC', '294'],
  ['Des Moines', 'IA', '503'],
  ['Little Rock', 'AR', '722'],
  ['Hartford', 'CT', '061'],
  ['Providence', 'RI', '029'],
  ['Anchorage', 'AK', '995'],
  ['Honolulu', 'HI', '968'],
  ['Burlington', 'VT', '054'],
  ['Portland', 'ME', '041'],
  ['Manchester', 'NH', '031'],
  ['Wilmington', 'DE', '198'],
  ['Fargo', 'ND', '581'],
  ['Sioux Falls', 'SD', '571'],
  ['Billings', 'MT', '591'],
  ['Cheyenne', 'WY', '820'],
  ['Jackson', 'MS', '392'],
  ['Charleston', 'WV', '253'],
  ['Washington', 'DC', '200'],
];

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen',
  'Charles', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Margaret',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie',
  'Jason', 'Rebecca', 'Jeffrey', 'Laura', 'Ryan', 'Sharon', 'Jacob', 'Cynthia', 'Gary', 'Kathleen',
  'Nicholas', 'Amy', 'Eric', 'Angela', 'Jonathan', 'Shirley', 'Stephen', 'Brenda', 'Larry', 'Emma',
  'Justin', 'Anna', 'Scott', 'Pamela', 'Brandon', 'Nicole', 'Benjamin', 'Samantha', 'Samuel', 'Katherine',
  'Gregory', 'Christine', 'Alexander', 'Helen', 'Patrick', 'Debra', 'Frank', 'Rachel', 'Raymond', 'Carolyn',
  'Jack', 'Janet', 'Dennis', 'Maria', 'Jerry', 'Olivia', 'Tyler', 'Heather', 'Aaron', 'Diane',
  'Jose', 'Julie', 'Adam', 'Joyce', 'Nathan', 'Victoria', 'Henry', 'Ruth', 'Zachary', 'Virginia',
  'Wei', 'Priya', 'Carlos', 'Sofia', 'Luis', 'Ana', 'Hiroshi', 'Mei', 'Ahmed', 'Fatima',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Chen',
  "O'Brien", 'Sullivan', 'Nakamura', 'Kowalski', 'Schmidt', 'Singh', 'Wang', 'Murray', 'Fischer', 'Dubois',
];

export const BRANDS: readonly string[] = [
  'Northwind', 'Evergreen', 'Summit Peak', 'BlueHarbor', 'Ironwood', 'Cedar & Co.', 'Brightline', 'Trailcraft',
  'HomeNest', 'UrbanLeaf', 'Polar Ridge', 'Sunforge', 'Driftwood', 'Keystone', 'Maple Lane', 'Vantage',
];

/** ERP item prefix, the product family, the nouns it sells and their price range in dollars. */
export interface ProductFamily {
  prefix: string;
  nouns: readonly string[];
  adjectives: readonly string[];
  variants: readonly (readonly [string, string])[]; // [title suffix, SKU suffix]
  price: readonly [number, number];
}

export const PRODUCT_FAMILIES: readonly ProductFamily[] = [
  {
    prefix: 'KIT',
    nouns: ['Chef Knife', 'Cutting Board', 'Cast Iron Skillet', 'Measuring Cup Set', 'Silicone Spatula Set', 'French Press', 'Pour-Over Coffee Kettle', 'Mixing Bowl Set', 'Spice Rack', 'Salad Spinner'],
    adjectives: ['Stainless Steel', 'Bamboo', 'Non-Stick', 'Professional', 'Heavy-Duty', 'Compact'],
    variants: [['8 inch', '8'], ['10 inch', '10'], ['12 inch', '12'], ['Black', 'BLK'], ['Natural', 'NAT']],
    price: [9, 89],
  },
  {
    prefix: 'OUT',
    nouns: ['Camping Lantern', 'Trekking Poles', 'Hydration Pack', 'Sleeping Pad', 'Camp Chair', 'Dry Bag', 'Headlamp', 'Hammock'],
    adjectives: ['Ultralight', 'Waterproof', 'Rechargeable', 'Foldable', 'Insulated', 'Rugged'],
    variants: [['Olive', 'OLV'], ['Orange', 'ORG'], ['Navy', 'NVY'], ['2-Pack', '2PK'], ['20L', '20L']],
    price: [14, 129],
  },
  {
    prefix: 'HOM',
    nouns: ['Throw Blanket', 'Bath Towel Set', 'Shower Curtain', 'Storage Bins', 'Picture Frame Set', 'Table Lamp', 'Wall Clock', 'Doormat'],
    adjectives: ['Cotton', 'Linen Blend', 'Modern', 'Farmhouse', 'Machine-Washable', 'Minimalist'],
    variants: [['Gray', 'GRY'], ['White', 'WHT'], ['Sage', 'SGE'], ['Queen', 'Q'], ['Set of 4', '4PK']],
    price: [12, 79],
  },
  {
    prefix: 'ELC',
    nouns: ['USB-C Charging Cable', 'Wireless Charger', 'Power Bank', 'Bluetooth Speaker', 'Surge Protector', 'Smart Plug', 'Phone Stand', 'Wall Charger'],
    adjectives: ['Fast-Charging', 'Braided', 'Portable', '10000mAh', 'Dual-Port', 'Slim'],
    variants: [['6 ft', '6FT'], ['3 ft', '3FT'], ['Black', 'BLK'], ['White', 'WHT'], ['2-Pack', '2PK']],
    price: [7, 69],
  },
  {
    prefix: 'PET',
    nouns: ['Dog Leash', 'Cat Scratching Post', 'Pet Bed', 'Slow Feeder Bowl', 'Grooming Brush', 'Poop Bag Dispenser', 'Dog Harness', 'Cat Tunnel'],
    adjectives: ['Reflective', 'Orthopedic', 'No-Pull', 'Washable', 'Durable', 'Self-Cleaning'],
    variants: [['Small', 'S'], ['Medium', 'M'], ['Large', 'L'], ['Red', 'RED'], ['Blue', 'BLU']],
    price: [8, 59],
  },
  {
    prefix: 'FIT',
    nouns: ['Yoga Mat', 'Resistance Bands', 'Adjustable Dumbbell', 'Jump Rope', 'Foam Roller', 'Kettlebell', 'Ab Roller', 'Gym Bag'],
    adjectives: ['Non-Slip', 'Extra Thick', 'Adjustable', 'High-Density', 'Eco-Friendly', 'Pro'],
    variants: [['Purple', 'PUR'], ['Black', 'BLK'], ['15 lb', '15LB'], ['25 lb', '25LB'], ['Set of 5', '5PK']],
    price: [9, 149],
  },
  {
    prefix: 'OFF',
    nouns: ['Desk Organizer', 'Monitor Stand', 'Gel Pens', 'Sticky Notes', 'Laptop Sleeve', 'Ergonomic Mouse Pad', 'Label Maker Tape', 'File Folders'],
    adjectives: ['Bamboo', 'Mesh', 'Premium', 'Assorted', 'Water-Resistant', 'Ergonomic'],
    variants: [['Black', 'BLK'], ['Assorted Colors', 'AST'], ['13 inch', '13'], ['15 inch', '15'], ['12-Pack', '12PK']],
    price: [5, 49],
  },
];

/** ERP ship-via codes the Amazon service levels map to (FreeEconomy is left unmapped on purpose). */
export const SHIP_METHODS: readonly (readonly [string, string])[] = [
  ['Standard', 'UPS-GROUND'],
  ['Expedited', 'UPS-3DAY'],
  ['SecondDay', 'UPS-2DAY'],
  ['NextDay', 'FEDEX-OVERNIGHT'],
];

/** Names a shipper types into carrierName when the carrier code is 'Other'. */
export const OTHER_CARRIERS: readonly string[] = ['OnTrac', 'LaserShip', 'DHL eCommerce', 'Veho', 'Lone Star Overnight'];

/** Reasons written on an Inventory Update, each with the stock change it stands for. */
export const ADJUSTMENT_REASONS: readonly string[] = [
  'Received PO',
  'Adjustment: cycle count',
  'Adjustment: damaged',
  'Customer return restocked',
  'Transfer from WEST',
];
