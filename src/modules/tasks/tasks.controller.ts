import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor';
import { CurrentActor } from '../../common/auth/current-actor.decorator';
import { CheckAbility } from '../../common/authz/check-ability.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import { CreateTaskDto, DecideExtensionDto, ExtensionRequestDto, ListTasksQueryDto, ProgressDto, ReopenDto, ReportCompletionDto, TaskDetailResponseDto, TaskResponseDto } from './dto/task.dto';
import { TasksService } from './tasks.service';
import { ApiPagedResponse, ApiErrors } from '../../common/openapi/api-responses.decorator';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post()
  @ApiOperation({ operationId: 'createTask', summary: 'Giao nhiệm vụ: lãnh đạo giao cho mọi người/phòng; trưởng phòng giao cho cán bộ của phòng mình' })
  @ApiErrors(422)
  @ApiCreatedResponse({ type: TaskDetailResponseDto })
  @CheckAbility('create', 'Task')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTaskDto) {
    return this.tasks.create(actor, dto);
  }

  @Get()
  @ApiOperation({ operationId: 'listTasks', summary: 'Danh sách nhiệm vụ: giao cho tôi, tôi giao, của phòng; lọc theo trạng thái, quá hạn' })
  @ApiPagedResponse(TaskResponseDto)
  @CheckAbility('read', 'Task')
  list(@CurrentActor() actor: Actor, @Query() q: ListTasksQueryDto) {
    return this.tasks.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTask', summary: 'Chi tiết nhiệm vụ: tiến độ, đề nghị gia hạn, lịch sử' })
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @CheckAbility('read', 'Task')
  detail(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.tasks.detail(actor, id);
  }

  @Post(':id/progress')
  @HttpCode(200)
  @ApiOperation({ operationId: 'reportTaskProgress', summary: 'Báo cáo tiến độ (0–100 %)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @CheckAbility('update', 'Task')
  progress(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ProgressDto) {
    return this.tasks.progress(actor, id, dto);
  }

  @Post(':id/extension-requests')
  @ApiOperation({ operationId: 'requestTaskExtension', summary: 'Đề nghị gia hạn; hạn chỉ đổi khi người giao đồng ý' })
  @ApiErrors(409, 422)
  @ApiCreatedResponse({ type: TaskDetailResponseDto })
  @CheckAbility('update', 'Task')
  requestExtension(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ExtensionRequestDto) {
    return this.tasks.requestExtension(actor, id, dto);
  }

  @Post(':id/extension-requests/:requestId/decide')
  @HttpCode(200)
  @ApiOperation({ operationId: 'decideTaskExtension', summary: 'Người giao quyết định đề nghị gia hạn' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @CheckAbility('approve', 'Task')
  decide(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('requestId', UuidPipe) requestId: string, @Body() dto: DecideExtensionDto) {
    return this.tasks.decideExtension(actor, id, requestId, dto);
  }

  @Post(':id/report-completion')
  @HttpCode(200)
  @ApiOperation({ operationId: 'reportTaskCompletion', summary: 'Báo cáo hoàn thành → chờ người giao nghiệm thu' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @CheckAbility('update', 'Task')
  reportCompletion(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ReportCompletionDto) {
    return this.tasks.reportCompletion(actor, id, dto);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ operationId: 'acceptTask', summary: 'Người giao nghiệm thu → hoàn thành (người thực hiện không tự nghiệm thu)' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @CheckAbility('approve', 'Task')
  accept(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string) {
    return this.tasks.accept(actor, id);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ operationId: 'reopenTask', summary: 'Người giao yêu cầu làm lại, nêu lý do → đang thực hiện' })
  @ApiErrors(409, 422)
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @CheckAbility('approve', 'Task')
  reopen(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ReopenDto) {
    return this.tasks.reopen(actor, id, dto);
  }
}
