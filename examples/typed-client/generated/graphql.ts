/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ExplorerReferenceQueryVariables = Exact<{ [key: string]: never; }>;


export type ExplorerReferenceQuery = { skillLevels: Array<{ code: string, rank: number, name: string, nationalGrade: string | null }>, educations: Array<{ code: string, name: string }>, counties: Array<{ code: string, name: string, latitude: number | null, longitude: number | null, parent: { code: string, name: string } | null }>, cities: Array<{ code: string, name: string, latitude: number | null, longitude: number | null }>, designations: Array<{ code: string, name: string, memberCount: number }>, industries: Array<{ code: string, name: string }> };

export type ExplorerOccupationSearchQueryVariables = Exact<{
  q: string;
}>;


export type ExplorerOccupationSearchQuery = { occupations: { totalCount: number, edges: Array<{ node: { id: string, name: string, workTypes: Array<string>, series: Array<{ code: string, name: string }> } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ExplorerReferenceDocument = new TypedDocumentString(`
    query ExplorerReference {
  skillLevels {
    code
    rank
    name
    nationalGrade
  }
  educations {
    code
    name
  }
  counties: regions(level: COUNTY) {
    code
    name
    latitude
    longitude
    parent {
      code
      name
    }
  }
  cities: regions(level: CITY) {
    code
    name
    latitude
    longitude
  }
  designations {
    code
    name
    memberCount
  }
  industries {
    code
    name
  }
}
    `, {"hash":"sha256:a48038c32d4069eac1e405f92fbbc0c44a70d72bc8cef9d2e77a778149d2fee1"}) as unknown as TypedDocumentString<ExplorerReferenceQuery, ExplorerReferenceQueryVariables>;
export const ExplorerOccupationSearchDocument = new TypedDocumentString(`
    query ExplorerOccupationSearch($q: String!) {
  occupations(search: $q, first: 12) {
    totalCount
    edges {
      node {
        id
        name
        workTypes
        series {
          code
          name
        }
      }
    }
  }
}
    `, {"hash":"sha256:866fcc95327e900b2d5587deb2bec197bc7ab0438172cd2c62837a0ff1b68432"}) as unknown as TypedDocumentString<ExplorerOccupationSearchQuery, ExplorerOccupationSearchQueryVariables>;