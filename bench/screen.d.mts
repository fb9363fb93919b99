export declare const DATA_ROW: RegExp;
export declare function rowNumber(screen: string): number;
export declare function hasRows(screen: string): boolean;
export declare function messageLine(screen: string): string;
export declare function filtersLine(screen: string): string;
export declare function filterOn(screen: string, name: string): boolean;
