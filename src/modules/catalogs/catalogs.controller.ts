import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnySignedIn } from '../../common/authz/check-ability.decorator';
import { DOCUMENT_TYPES } from './document-types';

class DocumentTypeResponseDto {
  @ApiProperty({ example: 'QUYET_DINH' }) key: string;
  @ApiProperty({ example: 'Quyết định' }) name: string;
  @ApiProperty({ type: String, example: 'QĐ', nullable: true }) abbreviation: string | null;
}

@ApiTags('catalogs')
@ApiBearerAuth()
@Controller()
export class CatalogsController {
  @Get('document-types')
  @AnySignedIn()
  @ApiOperation({ operationId: 'listDocumentTypes', summary: '29 loại văn bản hành chính theo Nghị định 30/2020 và chữ viết tắt' })
  @ApiOkResponse({ type: [DocumentTypeResponseDto] })
  documentTypes(): DocumentTypeResponseDto[] {
    return DOCUMENT_TYPES.map((t) => ({ ...t }));
  }
}
